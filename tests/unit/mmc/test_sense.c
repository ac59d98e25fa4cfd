/*
 * test_sense.c - sense data decoding, text and errno mapping
 * (writer/mmc/sense.c) with byte vectors.
 */
#include <errno.h>

#include "check.h"
#include "sense.h"

static struct sense_info mk(uint8_t key, uint8_t asc, uint8_t ascq)
{
	struct sense_info s = {
	    .valid = true, .key = key, .asc = asc, .ascq = ascq};
	return s;
}

static void test_build_fixed(void)
{
	uint8_t out[18];
	memset(out, 0xEE, sizeof(out));
	sense_build_fixed(out, 0x05, 0x21, 0x02);
	const uint8_t want[18] = {0x70, 0, 0x05, 0,    0,    0, 0, 0x0A, 0,
				  0,	0, 0,	 0x21, 0x02, 0, 0, 0,	 0};
	CHECK_BYTES(out, want, 18);

	struct sense_info s;
	CHECK(sense_decode(out, sizeof(out), &s));
	CHECK(s.valid);
	CHECK_EQ(s.key, 5);
	CHECK_EQ(s.asc, 0x21);
	CHECK_EQ(s.ascq, 0x02);
	CHECK(!s.info_valid);
	CHECK(!s.progress_valid);
}

static void test_build_information_progress(void)
{
	uint8_t out[18];
	sense_build_fixed(out, 0x03, 0x11, 0x00);
	sense_set_information(out, 0x0001E23F);
	const uint8_t want_info[18] = {0xF0, 0,	   0x03, 0x00, 0x01, 0xE2,
				       0x3F, 0x0A, 0,	 0,    0,    0,
				       0x11, 0x00, 0,	 0,    0,    0};
	CHECK_BYTES(out, want_info, 18);
	struct sense_info s;
	CHECK(sense_decode(out, sizeof(out), &s));
	CHECK(s.info_valid);
	CHECK_EQ(s.information, 0x0001E23F);

	sense_build_fixed(out, 0x02, 0x04, 0x08);
	sense_set_progress(out, 0x8000);
	const uint8_t want_p[18] = {0x70, 0,	0x02, 0,    0,	  0,
				    0,	  0x0A, 0,    0,    0,	  0,
				    0x04, 0x08, 0,    0x80, 0x80, 0x00};
	CHECK_BYTES(out, want_p, 18);
	CHECK(sense_decode(out, sizeof(out), &s));
	CHECK(s.progress_valid);
	CHECK_EQ(s.progress, 0x8000);
	CHECK(!s.info_valid);
}

static void test_fixed(void)
{
	struct sense_info s;
	/* Current error with INFORMATION (VALID bit) = 1234. */
	const uint8_t medium[18] = {0xF0, 0, 0x03, 0x00, 0x00, 0x04, 0xD2,
				    0x0A, 0, 0,	   0,	 0,    0x0C, 0x00};
	CHECK(sense_decode(medium, sizeof(medium), &s));
	CHECK_EQ(s.key, SENSE_MEDIUM_ERROR);
	CHECK_EQ(s.asc, 0x0C);
	CHECK_EQ(s.ascq, 0x00);
	CHECK(s.info_valid);
	CHECK_EQ(s.information, 1234);

	/* NOT READY long write in progress, SKSV progress 0x8000. */
	const uint8_t busy[18] = {0x70, 0,    0x02, 0,	  0,	0,
				  0,	0x0A, 0,    0,	  0,	0,
				  0x04, 0x08, 0,    0x80, 0x80, 0x00};
	CHECK(sense_decode(busy, sizeof(busy), &s));
	CHECK_EQ(s.key, SENSE_NOT_READY);
	CHECK(s.progress_valid);
	CHECK_EQ(s.progress, 0x8000);
	CHECK(!s.info_valid);

	/* SKSV on a MEDIUM ERROR is not progress. */
	uint8_t other[18];
	memcpy(other, busy, sizeof(other));
	other[2] = 0x03;
	CHECK(sense_decode(other, sizeof(other), &s));
	CHECK(!s.progress_valid);

	/* Deferred error (71h) decodes the same way. */
	uint8_t deferred[18];
	memcpy(deferred, busy, sizeof(deferred));
	deferred[0] = 0x71;
	CHECK(sense_decode(deferred, sizeof(deferred), &s));
	CHECK_EQ(s.asc, 0x04);

	/* Only 14 bytes: key/ASC/ASCQ, no progress. */
	CHECK(sense_decode(busy, 14, &s));
	CHECK_EQ(s.ascq, 0x08);
	CHECK(!s.progress_valid);

	/* Additional length 0: bytes after 8 are not sense data. */
	uint8_t shortlen[18];
	memcpy(shortlen, busy, sizeof(shortlen));
	shortlen[7] = 0;
	CHECK(sense_decode(shortlen, sizeof(shortlen), &s));
	CHECK_EQ(s.key, SENSE_NOT_READY);
	CHECK_EQ(s.asc, 0);
	CHECK(!s.progress_valid);

	/* Too short or unknown formats. */
	CHECK(!sense_decode(busy, 2, &s));
	CHECK(!s.valid);
	CHECK(!sense_decode(busy, 0, &s));
	const uint8_t junk[18] = {0x00, 0, 0x05};
	CHECK(!sense_decode(junk, sizeof(junk), &s));
	CHECK(!s.valid);
	const uint8_t vendor[18] = {0x7F, 0, 0x05};
	CHECK(!sense_decode(vendor, sizeof(vendor), &s));
}

static void test_descriptor(void)
{
	struct sense_info s;
	/* 72h, 05/21/02, information descriptor (LBA 300) and
	 * sense-key-specific descriptor. */
	const uint8_t d[] = {
	    0x72, 0x05, 0x21, 0x02, 0, 0, 0, 20,
	    /* information: type 00, len 0A, VALID */
	    0x00, 0x0A, 0x80, 0x00, 0, 0, 0, 0, 0x00, 0x00, 0x01, 0x2C,
	    /* sense key specific: type 02, len 06 (SKSV clear) */
	    0x02, 0x06, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00};
	CHECK(sense_decode(d, sizeof(d), &s));
	CHECK_EQ(s.key, SENSE_ILLEGAL_REQUEST);
	CHECK_EQ(s.asc, 0x21);
	CHECK_EQ(s.ascq, 0x02);
	CHECK(s.info_valid);
	CHECK_EQ(s.information, 300);
	CHECK(!s.progress_valid);

	/* 72h NOT READY 04/07 with progress 0x4000 in descriptor 02h. */
	const uint8_t p[] = {0x72, 0x02, 0x04, 0x07, 0,	   0,	 0,    8,
			     0x02, 0x06, 0x00, 0x00, 0x80, 0x40, 0x00, 0x00};
	CHECK(sense_decode(p, sizeof(p), &s));
	CHECK(s.progress_valid);
	CHECK_EQ(s.progress, 0x4000);
	CHECK(!s.info_valid);

	/* Truncated descriptor is ignored, header still decoded. */
	CHECK(sense_decode(p, 12, &s));
	CHECK_EQ(s.asc, 0x04);
	CHECK(!s.progress_valid);

	/* Additional length limits the descriptors looked at. */
	uint8_t q[sizeof(p)];
	memcpy(q, p, sizeof(q));
	q[7] = 0;
	CHECK(sense_decode(q, sizeof(q), &s));
	CHECK(!s.progress_valid);

	/* Deferred descriptor format (73h), header only. */
	const uint8_t h[] = {0x73, 0x06, 0x29, 0x00};
	CHECK(sense_decode(h, sizeof(h), &s));
	CHECK_EQ(s.key, SENSE_UNIT_ATTENTION);
	CHECK_EQ(s.asc, 0x29);
	CHECK(!sense_decode(h, 3, &s));
}

static void test_text(void)
{
	CHECK_STR(sense_key_name(0), "NO SENSE");
	CHECK_STR(sense_key_name(SENSE_NOT_READY), "NOT READY");
	CHECK_STR(sense_key_name(SENSE_MEDIUM_ERROR), "MEDIUM ERROR");
	CHECK_STR(sense_key_name(SENSE_ILLEGAL_REQUEST), "ILLEGAL REQUEST");
	CHECK_STR(sense_key_name(SENSE_UNIT_ATTENTION), "UNIT ATTENTION");
	CHECK_STR(sense_key_name(SENSE_MISCOMPARE), "MISCOMPARE");
	CHECK(sense_key_name(0xF) != NULL);

	CHECK_STR(sense_asc_text(0x21, 0x02), "invalid address for write");
	CHECK_STR(sense_asc_text(0x0C, 0x09),
		  "write error - loss of streaming");
	CHECK_STR(sense_asc_text(0x3A, 0x00), "medium not present");
	CHECK_STR(sense_asc_text(0x04, 0x08),
		  "logical unit not ready, long write in progress");
	CHECK_STR(sense_asc_text(0x73, 0x01),
		  "power calibration area almost full");
	/* Every pair the recording path may meet has a text. */
	static const uint8_t known[][2] = {
	    {0x00, 0x00}, {0x04, 0x00}, {0x04, 0x01}, {0x04, 0x02},
	    {0x04, 0x03}, {0x04, 0x04}, {0x04, 0x07}, {0x04, 0x08},
	    {0x0C, 0x00}, {0x0C, 0x09}, {0x11, 0x00}, {0x20, 0x00},
	    {0x21, 0x00}, {0x21, 0x02}, {0x24, 0x00}, {0x26, 0x00},
	    {0x28, 0x00}, {0x29, 0x00}, {0x2C, 0x00}, {0x30, 0x00},
	    {0x30, 0x05}, {0x39, 0x00}, {0x3A, 0x00}, {0x3A, 0x01},
	    {0x3A, 0x02}, {0x63, 0x00}, {0x64, 0x00}, {0x72, 0x00},
	    {0x72, 0x01}, {0x72, 0x02}, {0x72, 0x03}, {0x73, 0x00},
	    {0x73, 0x01}, {0x73, 0x02}, {0x73, 0x03}};
	int missing = 0;
	for (size_t i = 0; i < sizeof(known) / sizeof(known[0]); i++)
		if (!sense_asc_text(known[i][0], known[i][1]))
			missing++;
	CHECK_EQ(missing, 0);
	CHECK(sense_asc_text(0x99, 0x01) == NULL);

	char buf[100];
	struct sense_info s = mk(3, 0x0C, 0x00);
	CHECK_STR(sense_describe(&s, buf, sizeof(buf)),
		  "MEDIUM ERROR 03/0C/00: write error");
	s = mk(5, 0x99, 0x01);
	CHECK_STR(sense_describe(&s, buf, sizeof(buf)),
		  "ILLEGAL REQUEST 05/99/01");
	struct sense_info none = {0};
	CHECK_STR(sense_describe(&none, buf, sizeof(buf)),
		  "no usable sense data");
	/* Truncated to the buffer, always terminated. */
	s = mk(3, 0x0C, 0x00);
	char small[8];
	CHECK_STR(sense_describe(&s, small, sizeof(small)), "MEDIUM ");
}

static void test_errno(void)
{
	struct sense_info s;
	s = mk(2, 0x3A, 0x00);
	CHECK_EQ(sense_to_errno(&s), ENOMEDIUM);
	s = mk(2, 0x3A, 0x02);
	CHECK_EQ(sense_to_errno(&s), ENOMEDIUM);
	s = mk(2, 0x04, 0x08);
	CHECK_EQ(sense_to_errno(&s), EBUSY);
	s = mk(2, 0x30, 0x00);
	CHECK_EQ(sense_to_errno(&s), EIO);
	s = mk(7, 0x27, 0x00);
	CHECK_EQ(sense_to_errno(&s), EROFS);
	s = mk(5, 0x30, 0x05);
	CHECK_EQ(sense_to_errno(&s), EMEDIUMTYPE);
	s = mk(5, 0x21, 0x02);
	CHECK_EQ(sense_to_errno(&s), EINVAL);
	s = mk(5, 0x24, 0x00);
	CHECK_EQ(sense_to_errno(&s), EINVAL);
	s = mk(5, 0x26, 0x00);
	CHECK_EQ(sense_to_errno(&s), EINVAL);
	s = mk(5, 0x63, 0x00);
	CHECK_EQ(sense_to_errno(&s), ENOSPC);
	s = mk(5, 0x20, 0x00);
	CHECK_EQ(sense_to_errno(&s), EIO);
	s = mk(3, 0x0C, 0x09);
	CHECK_EQ(sense_to_errno(&s), EIO);
	s = mk(4, 0x44, 0x00);
	CHECK_EQ(sense_to_errno(&s), EIO);
	s = mk(6, 0x28, 0x00);
	CHECK_EQ(sense_to_errno(&s), EAGAIN);
	s = mk(0xB, 0x00, 0x00);
	CHECK_EQ(sense_to_errno(&s), EIO);
	struct sense_info none = {0};
	CHECK_EQ(sense_to_errno(&none), EIO);
}

static void test_retryable(void)
{
	struct sense_info s;
	s = mk(2, 0x04, 0x01);
	CHECK(sense_is_retryable(&s));
	s = mk(2, 0x04, 0x04);
	CHECK(sense_is_retryable(&s));
	s = mk(2, 0x04, 0x07);
	CHECK(sense_is_retryable(&s));
	s = mk(2, 0x04, 0x08);
	CHECK(sense_is_retryable(&s));
	s = mk(6, 0x28, 0x00);
	CHECK(sense_is_retryable(&s));
	s = mk(6, 0x29, 0x00);
	CHECK(sense_is_retryable(&s));
	s = mk(6, 0x29, 0x02);
	CHECK(sense_is_retryable(&s));

	s = mk(2, 0x04, 0x00);
	CHECK(!sense_is_retryable(&s));
	s = mk(2, 0x04, 0x02);
	CHECK(!sense_is_retryable(&s));
	s = mk(2, 0x04, 0x03);
	CHECK(!sense_is_retryable(&s));
	s = mk(2, 0x3A, 0x00);
	CHECK(!sense_is_retryable(&s));
	s = mk(6, 0x2A, 0x01);
	CHECK(!sense_is_retryable(&s));
	s = mk(5, 0x04, 0x08);
	CHECK(!sense_is_retryable(&s));
	s = mk(3, 0x0C, 0x00);
	CHECK(!sense_is_retryable(&s));
	struct sense_info none = {0};
	CHECK(!sense_is_retryable(&none));
}

int main(void)
{
	test_build_fixed();
	test_fixed();
	test_build_information_progress();
	test_descriptor();
	test_text();
	test_errno();
	test_retryable();
	return check_finish();
}
