/*
 * test_flac_cue.c - the embedded cue sheet of FLAC files (audio/flac_cue.c)
 * from byte vectors: a CUESHEET block as metaflac writes it (catalog,
 * ISRC, pre-emphasis, INDEX 00/01/02, the lead-out), a Vorbis comment
 * CUESHEET=, both (the comment wins), none, and malformed metadata.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "../check.h"
#include "flac_cue.h"

struct buf {
	uint8_t b[8192];
	size_t n;
};

static void bytes(struct buf *o, const void *p, size_t n)
{
	memcpy(o->b + o->n, p, n);
	o->n += n;
}

static void u8(struct buf *o, unsigned v)
{
	o->b[o->n++] = (uint8_t)v;
}

static void be64(struct buf *o, uint64_t v)
{
	for (int i = 7; i >= 0; i--)
		u8(o, (unsigned)(v >> (8 * i)) & 0xFF);
}

static void le32(struct buf *o, uint32_t v)
{
	for (int i = 0; i < 4; i++)
		u8(o, (v >> (8 * i)) & 0xFF);
}

static void zeros(struct buf *o, size_t n)
{
	memset(o->b + o->n, 0, n);
	o->n += n;
}

/* A block: header then body. */
static void block(struct buf *o, bool last, unsigned type,
		  const struct buf *body)
{
	u8(o, (last ? 0x80 : 0) | type);
	u8(o, (unsigned)(body->n >> 16) & 0xFF);
	u8(o, (unsigned)(body->n >> 8) & 0xFF);
	u8(o, (unsigned)body->n & 0xFF);
	bytes(o, body->b, body->n);
}

/* STREAMINFO of a 44.1 kHz (or rate) stereo 16-bit stream. */
static void streaminfo(struct buf *o, uint32_t rate)
{
	struct buf s = {.n = 0};
	zeros(&s, 10);
	u8(&s, (rate >> 12) & 0xFF);
	u8(&s, (rate >> 4) & 0xFF);
	u8(&s, ((rate & 0x0F) << 4) | (1 << 1) | 0); /* 2 channels */
	u8(&s, 0xF0);				     /* 16 bits */
	zeros(&s, 4 + 16);
	block(o, false, 0, &s);
}

struct idx {
	uint64_t offset;
	unsigned number;
};

static void track(struct buf *s, uint64_t offset, unsigned number,
		  const char *isrc, bool data, bool pre, const struct idx *ix,
		  unsigned n)
{
	be64(s, offset);
	u8(s, number);
	char i12[12] = {0};
	if (isrc) /* ISRC field: 12 bytes, the text NUL-padded */
		memcpy(i12, isrc, strnlen(isrc, sizeof(i12)));
	bytes(s, i12, 12);
	u8(s, (data ? 0x80 : 0) | (pre ? 0x40 : 0));
	zeros(s, 13);
	u8(s, n);
	for (unsigned i = 0; i < n; i++) {
		be64(s, ix[i].offset);
		u8(s, ix[i].number);
		zeros(s, 3);
	}
}

/* A CUESHEET body: 3 tracks and the lead-out. */
static void cuesheet(struct buf *s, const char *mcn, uint64_t odd)
{
	char m[128] = {0};
	if (mcn)
		memcpy(m, mcn, strlen(mcn));
	bytes(s, m, 128);
	be64(s, 88200); /* lead-in */
	u8(s, 0x80);	/* is CD */
	zeros(s, 258);
	u8(s, 4);
	struct idx t1[] = {{0, 1}};
	track(s, 0, 1, "USABC2600001", false, false, t1, 1);
	/* track 2: INDEX 00 at 10 s, INDEX 01 at 12 s */
	struct idx t2[] = {{0, 0}, {2 * 44100, 1}};
	track(s, 10 * 44100, 2, NULL, false, true, t2, 2);
	struct idx t3[] = {{0, 1}, {588 * 75 + odd, 2}};
	track(s, 20 * 44100, 3, "", false, false, t3, 2);
	track(s, 30 * 44100, 170, NULL, false, false, NULL, 0);
}

static void vorbis(struct buf *o, bool last, const char *const *comments,
		   unsigned n)
{
	struct buf s = {.n = 0};
	le32(&s, 6);
	bytes(&s, "vendor", 6);
	le32(&s, n);
	for (unsigned i = 0; i < n; i++) {
		le32(&s, (uint32_t)strlen(comments[i]));
		bytes(&s, comments[i], strlen(comments[i]));
	}
	block(o, last, 4, &s);
}

static int find(const struct buf *o, char **text, char *why)
{
	size_t len = 0;
	int rc = flac_cue_find(o->b, o->n, "album.flac", text, &len, why, 200);
	if (rc == 1)
		CHECK_EQ(len, strlen(*text));
	return rc;
}

static void test_native_block(void)
{
	struct buf o = {.n = 0}, s = {.n = 0};
	bytes(&o, "fLaC", 4);
	streaminfo(&o, 44100);
	struct buf pad = {.n = 0};
	zeros(&pad, 100);
	block(&o, false, 1, &pad); /* padding, skipped */
	cuesheet(&s, "4006381333931", 0);
	block(&o, true, 5, &s);
	char *text = NULL, why[200] = "";
	CHECK_EQ(find(&o, &text, why), 1);
	CHECK_STR(text, "CATALOG 4006381333931\n"
			"FILE \"album.flac\" WAVE\n"
			"  TRACK 01 AUDIO\n"
			"    ISRC USABC2600001\n"
			"    INDEX 01 00:00:00\n"
			"  TRACK 02 AUDIO\n"
			"    FLAGS PRE\n"
			"    INDEX 00 00:10:00\n"
			"    INDEX 01 00:12:00\n"
			"  TRACK 03 AUDIO\n"
			"    INDEX 01 00:20:00\n"
			"    INDEX 02 00:21:00\n");
	free(text);

	/* an index off a CD frame */
	o.n = s.n = 0;
	bytes(&o, "fLaC", 4);
	streaminfo(&o, 44100);
	cuesheet(&s, NULL, 5);
	block(&o, true, 5, &s);
	CHECK_EQ(find(&o, &text, why), -EINVAL);
	CHECK_STR(why, "its CUESHEET block's INDEX 02 of track 3 is not on "
		       "a CD frame (1/75 s)");
	CHECK(text == NULL);

	/* 48 kHz: offsets in samples of that rate */
	o.n = s.n = 0;
	bytes(&o, "fLaC", 4);
	streaminfo(&o, 48000);
	cuesheet(&s, NULL, 0);
	block(&o, true, 5, &s);
	CHECK_EQ(find(&o, &text, why), -EINVAL); /* 588*75 is not 1 s */
	o.n = 0;
	bytes(&o, "fLaC", 4);
	streaminfo(&o, 48000);
	s.n = 0;
	bytes(&s, (char[128]){0}, 128);
	be64(&s, 0);
	u8(&s, 0x80);
	zeros(&s, 258);
	u8(&s, 2);
	struct idx one[] = {{0, 1}};
	track(&s, 0, 1, NULL, false, false, one, 1);
	track(&s, 48000 * 3 + 640, 2, NULL, false, false, one, 1);
	block(&o, true, 5, &s);
	CHECK_EQ(find(&o, &text, why), 1);
	CHECK(text && strstr(text, "TRACK 02 AUDIO\n    INDEX 01 00:03:01\n"));
	CHECK(text && !strstr(text, "CATALOG"));
	free(text);
	text = NULL;

	/* a data track */
	o.n = s.n = 0;
	bytes(&o, "fLaC", 4);
	streaminfo(&o, 44100);
	bytes(&s, (char[128]){0}, 128);
	be64(&s, 0);
	u8(&s, 0x80);
	zeros(&s, 258);
	u8(&s, 1);
	track(&s, 0, 1, NULL, true, false, one, 1);
	block(&o, true, 5, &s);
	CHECK_EQ(find(&o, &text, why), -EINVAL);
	CHECK_STR(why, "its CUESHEET block's track 1 is a data track (audio "
		       "CDs only)");

	/* no STREAMINFO */
	o.n = s.n = 0;
	bytes(&o, "fLaC", 4);
	cuesheet(&s, NULL, 0);
	block(&o, true, 5, &s);
	CHECK_EQ(find(&o, &text, why), -EINVAL);
	CHECK(strstr(why, "no sample rate") != NULL);
}

static void test_vorbis_comment(void)
{
	const char *sheet = "FILE \"x.wav\" WAVE\n  TRACK 01 AUDIO\n"
			    "    INDEX 01 00:00:00\n";
	char c[256];
	snprintf(c, sizeof(c), "cuesheet=%s", sheet);
	const char *comments[] = {"TITLE=A", c, "ARTIST=B"};
	struct buf o = {.n = 0}, s = {.n = 0};
	bytes(&o, "fLaC", 4);
	streaminfo(&o, 44100);
	vorbis(&o, false, comments, 3);
	cuesheet(&s, "4006381333931", 0);
	block(&o, true, 5, &s); /* both: the comment wins */
	char *text = NULL, why[200] = "";
	CHECK_EQ(find(&o, &text, why), 1);
	CHECK_STR(text, sheet);
	free(text);

	/* none */
	o.n = 0;
	bytes(&o, "fLaC", 4);
	streaminfo(&o, 44100);
	vorbis(&o, true, comments, 1);
	text = NULL;
	CHECK_EQ(find(&o, &text, why), 0);
	CHECK(text == NULL);
	/* nothing after STREAMINFO, no last flag: none */
	o.n = 0;
	bytes(&o, "fLaC", 4);
	streaminfo(&o, 44100);
	CHECK_EQ(find(&o, &text, why), 0);
}

static void test_malformed(void)
{
	char *text = NULL, why[200] = "";
	struct buf o = {.n = 0};
	bytes(&o, "OggS", 4);
	CHECK_EQ(find(&o, &text, why), -EINVAL);
	CHECK_STR(why, "not a FLAC file");
	/* a block longer than the buffer */
	o.n = 0;
	bytes(&o, "fLaC", 4);
	u8(&o, 0x84);
	u8(&o, 0);
	u8(&o, 1);
	u8(&o, 0);
	zeros(&o, 10);
	CHECK_EQ(find(&o, &text, why), -EINVAL);
	CHECK(strstr(why, "runs past the end") != NULL);
	/* a comment count beyond the block */
	struct buf s = {.n = 0};
	le32(&s, 0);
	le32(&s, 3);
	le32(&s, 100);
	bytes(&s, "TITLE=x", 7);
	o.n = 0;
	bytes(&o, "fLaC", 4);
	block(&o, true, 4, &s);
	CHECK_EQ(find(&o, &text, why), -EINVAL);
	CHECK_STR(why,
		  "its Vorbis comment block is malformed (comment 1 of 3)");
	/* a vendor length beyond the block */
	s.n = 0;
	le32(&s, 0xFFFFFFF0u);
	o.n = 0;
	bytes(&o, "fLaC", 4);
	block(&o, true, 4, &s);
	CHECK_EQ(find(&o, &text, why), -EINVAL);
	/* a CUESHEET cut inside its tracks */
	s.n = 0;
	cuesheet(&s, NULL, 0);
	s.n -= 20;
	o.n = 0;
	bytes(&o, "fLaC", 4);
	streaminfo(&o, 44100);
	block(&o, true, 5, &s);
	CHECK_EQ(find(&o, &text, why), -EINVAL);
	CHECK(strstr(why, "ends inside") != NULL);
	CHECK(text == NULL);
	/* the header decoder */
	struct flac_block h;
	flac_block_header((const uint8_t[]){0x85, 0x01, 0x02, 0x03}, &h);
	CHECK(h.last);
	CHECK_EQ(h.type, 5);
	CHECK_EQ(h.length, 0x010203);
	CHECK(flac_cue_wanted(0) && flac_cue_wanted(4) && flac_cue_wanted(5));
	CHECK(!flac_cue_wanted(6) && !flac_cue_wanted(1));
}

int main(void)
{
	test_native_block();
	test_vorbis_comment();
	test_malformed();
	return check_finish();
}
