/*
 * test_vrec_burn.c - a Track-At-Once burn of three audio tracks on the
 * virtual recorder, driven by raw CDBs: NWA sequence, refused writes,
 * finalizing (MS=00b), the reports afterwards (disc information, track
 * information, TOC formats 0/1/2), reading the audio back, reopening from
 * IMAGE.state, the cue sheet text, and what cd-info and bchunk make of
 * IMAGE.cue / IMAGE.bin.
 */
#include <stdlib.h>
#include <string.h>

#include "bytes.h"
#include "msf.h"
#include "vtest.h"

#define L1 400
#define L2 300
#define L3 350

static void check_final_reports(struct scsi_transport *t, int32_t t2,
				int32_t t3, int32_t a2)
{
	uint8_t di[34], ti[36], toc[512];
	size_t got;
	CHECK_EQ(vt_rdi(t, di), 0);
	CHECK_EQ(di[2] & 0x03, 2);	  /* complete */
	CHECK_EQ((di[2] >> 2) & 0x03, 3); /* last session complete */
	CHECK_EQ(di[4], 1);		  /* sessions */
	CHECK_EQ(di[5], 1);
	CHECK_EQ(di[6], 3);
	CHECK_EQ(get_be32(di + 16), 0xFFFFFFFFu);
	CHECK_EQ(get_be32(di + 20), 0xFFFFFFFFu);

	/* no invisible track on a closed disc */
	CHECK_EQ(vt_rti(t, 1, 0xFF, ti), SK(5, 0x24, 0));
	CHECK_EQ(vt_rti(t, 1, 2, ti), 0);
	CHECK_EQ(get_be32(ti + 8), t2);
	CHECK_EQ(ti[7] & 0x01, 0); /* no NWA */
	CHECK_EQ(get_be32(ti + 24), L2 + 2);
	CHECK_EQ(vt_rti(t, 0, (uint32_t)(t3 + 5), ti), 0); /* by LBA */
	CHECK_EQ(ti[2], 3);

	/* TOC format 0, LBA */
	CHECK_EQ(vt_toc(t, 0, false, 0, toc, 512, &got), 0);
	CHECK_EQ(got, 4 + 4 * 8);
	CHECK_EQ(get_be16(toc), 2 + 4 * 8);
	CHECK_EQ(toc[2], 1);
	CHECK_EQ(toc[3], 3);
	CHECK_EQ(toc[4 + 1], 0x10);
	CHECK_EQ(toc[4 + 2], 1);
	CHECK_EQ(get_be32(toc + 4 + 4), 0);
	CHECK_EQ(get_be32(toc + 12 + 4), t2);
	CHECK_EQ(get_be32(toc + 20 + 4), t3);
	CHECK_EQ(toc[28 + 2], 0xAA);
	CHECK_EQ(get_be32(toc + 28 + 4), a2);
	/* MSF, starting at track 2 */
	CHECK_EQ(vt_toc(t, 0, true, 2, toc, 512, &got), 0);
	CHECK_EQ(got, 4 + 3 * 8);
	struct msf m = msf_from_lba(t2);
	CHECK(toc[4 + 5] == m.m && toc[4 + 6] == m.s && toc[4 + 7] == m.f);
	/* alloc smaller than the answer: length still describes it all */
	CHECK_EQ(vt_toc(t, 0, false, 0, toc, 4, &got), 0);
	CHECK_EQ(got, 4);
	CHECK_EQ(get_be16(toc), 2 + 4 * 8);
	CHECK_EQ(vt_toc(t, 0, false, 4, toc, 512, &got), SK(5, 0x24, 0));

	/* format 1 */
	CHECK_EQ(vt_toc(t, 1, false, 0, toc, 512, &got), 0);
	CHECK_EQ(got, 12);
	CHECK_EQ(toc[3], 1);
	CHECK_EQ(toc[6], 1);
	CHECK_EQ(get_be32(toc + 8), 0);

	/* format 2: A0 A1 A2 T1 T2 T3 C0, no B0 */
	CHECK_EQ(vt_toc(t, 2, true, 1, toc, 512, &got), 0);
	CHECK_EQ(got, 4 + 7 * 11);
	CHECK_EQ(toc[2], 1);
	CHECK_EQ(toc[3], 1);
	const uint8_t *e = toc + 4;
	CHECK_EQ(e[3], 0xA0);
	CHECK_EQ(e[8], 1);
	CHECK_EQ(e[11 + 3], 0xA1);
	CHECK_EQ(e[11 + 8], 3);
	CHECK_EQ(e[22 + 3], 0xA2);
	m = msf_from_lba(a2);
	CHECK(e[22 + 8] == m.m && e[22 + 9] == m.s && e[22 + 10] == m.f);
	CHECK_EQ(e[33 + 3], 1);
	CHECK(e[33 + 8] == 0 && e[33 + 9] == 2 && e[33 + 10] == 0);
	CHECK_EQ(e[55 + 3], 3);
	CHECK_EQ(e[66 + 3], 0xC0);
	CHECK_EQ(e[66 + 1], 0x50);
	CHECK(e[66 + 8] == 97 && e[66 + 9] == 15 && e[66 + 10] == 35);
	int b0 = 0;
	for (size_t i = 0; i < 7; i++)
		b0 += e[11 * i + 3] == 0xB0;
	CHECK_EQ(b0, 0);

	/* READ CAPACITY: lead-out - 1 (TAO: 2 more than readable) */
	uint8_t cap[8];
	uint8_t cdb[10] = {0x25};
	CHECK_EQ(vt_exec(t, cdb, 10, SCSI_DIR_FROM_DEVICE, cap, 8, NULL), 0);
	CHECK_EQ(get_be32(cap), a2 - 1);
	CHECK_EQ(get_be32(cap + 4), 2048);
}

static void check_read_back(struct scsi_transport *t, int32_t t2)
{
	uint8_t buf[3 * CD_SECTOR_BYTES], want[CD_SECTOR_BYTES];
	uint8_t cdb[12] = {0xBE, 0x04};
	put_be32(cdb + 2, (uint32_t)t2 + 10);
	put_be24(cdb + 6, 3);
	cdb[9] = 0x10;
	size_t got;
	CHECK_EQ(
	    vt_exec(t, cdb, 12, SCSI_DIR_FROM_DEVICE, buf, sizeof(buf), &got),
	    0);
	CHECK_EQ(got, sizeof(buf));
	vt_fill(want, 2, 12);
	CHECK(memcmp(buf + 2 * CD_SECTOR_BYTES, want, CD_SECTOR_BYTES) == 0);
	/* pregap of track 2 reads as silence */
	put_be32(cdb + 2, (uint32_t)t2 - 3);
	put_be24(cdb + 6, 1);
	memset(buf, 0x55, CD_SECTOR_BYTES);
	CHECK_EQ(vt_exec(t, cdb, 12, SCSI_DIR_FROM_DEVICE, buf, CD_SECTOR_BYTES,
			 NULL),
		 0);
	CHECK(buf[0] == 0 && buf[CD_SECTOR_BYTES - 1] == 0);
	/* the run-out after track 1 reads as silence, also within a read
	 * that spans from the track's last sector into the next pregap */
	put_be32(cdb + 2, L1 - 1);
	put_be24(cdb + 6, 3);
	memset(buf, 0x55, sizeof(buf));
	CHECK_EQ(
	    vt_exec(t, cdb, 12, SCSI_DIR_FROM_DEVICE, buf, sizeof(buf), NULL),
	    0);
	vt_fill(want, 1, L1 - 1);
	CHECK(memcmp(buf, want, CD_SECTOR_BYTES) == 0);
	bool silent = true;
	for (size_t i = CD_SECTOR_BYTES; i < sizeof(buf); i++)
		silent = silent && buf[i] == 0;
	CHECK(silent);
	put_be24(cdb + 6, 1);
	/* a data sector type on audio */
	cdb[1] = 0x08;
	put_be32(cdb + 2, 5);
	CHECK_EQ(vt_exec(t, cdb, 12, SCSI_DIR_FROM_DEVICE, buf, CD_SECTOR_BYTES,
			 NULL),
		 SK(5, 0x64, 0));
	/* READ(10): CD-DA has no 2048-byte form */
	uint8_t r10[10] = {0x28};
	put_be32(r10 + 2, 7);
	put_be16(r10 + 7, 1);
	CHECK_EQ(vt_exec(t, r10, 10, SCSI_DIR_FROM_DEVICE, buf, CD_SECTOR_BYTES,
			 NULL),
		 SK(5, 0x64, 0));
}

static void check_tools(int32_t t2, int32_t t3, int32_t a2)
{
	char cmd[2048], out[16384], expect[256];
	const char *img = vt_image("burn");
	snprintf(cmd, sizeof(cmd),
		 "cd-info --no-device-info --no-cddb --cue-file '%s.cue' 2>&1",
		 img);
	int st = vt_run(cmd, out, sizeof(out));
	CHECK_EQ(st, 0);
	/* cd-info lists "  n: MM:SS:FF  LSN  audio ..." */
	const int32_t starts[4] = {0, t2, t3, a2};
	for (int k = 0; k < 4; k++) {
		struct msf m = msf_from_lba(starts[k]);
		snprintf(expect, sizeof(expect), "%02u:%02u:%02u  %06d", m.m,
			 m.s, m.f, (int)starts[k]);
		bool found = strstr(out, expect) != NULL;
		CHECK(found);
		if (!found)
			fprintf(stderr, "missing \"%s\" in:\n%s\n", expect,
				out);
	}

	snprintf(cmd, sizeof(cmd),
		 "cd '%s' && bchunk -w burn.bin burn.cue out >/dev/null 2>&1 "
		 "&& stat -c %%s out01.wav out02.wav out03.wav",
		 vt_tmpdir());
	st = vt_run(cmd, out, sizeof(out));
	CHECK_EQ(st, 0);
	long s1 = 0, s2 = 0, s3 = 0;
	CHECK_EQ(sscanf(out, "%ld %ld %ld", &s1, &s2, &s3), 3);
	/* track k = its sectors up to the next track's pregap (INDEX 00):
	 * the PCM and the 2 run-out sectors */
	CHECK_EQ(s1, 44 + (long)(t2 - 150) * CD_SECTOR_BYTES);
	CHECK_EQ(s2, 44 + (long)(t3 - 150 - t2) * CD_SECTOR_BYTES);
	CHECK_EQ(s3, 44 + (long)(a2 - t3) * CD_SECTOR_BYTES);
	CHECK_EQ(s2, 44 + (long)(L2 + 2) * CD_SECTOR_BYTES);
	/* the PCM of track 2 is what was written */
	snprintf(cmd, sizeof(cmd), "%s/out02.wav", vt_tmpdir());
	FILE *f = fopen(cmd, "rb");
	CHECK(f != NULL);
	if (f) {
		uint8_t s[CD_SECTOR_BYTES], want[CD_SECTOR_BYTES];
		bool ok = fseek(f, 44 + 5L * CD_SECTOR_BYTES, SEEK_SET) == 0 &&
			  fread(s, 1, sizeof(s), f) == sizeof(s);
		vt_fill(want, 2, 5);
		CHECK(ok && memcmp(s, want, sizeof(s)) == 0);
		fclose(f);
	}
}

int main(void)
{
	struct scsi_transport *t = vt_open("burn", "media=cdr80");
	CHECK(t != NULL);
	if (!t)
		return vt_finish();
	CHECK_EQ(vt_page05(t, 1, false, 0, 0, 0), 0);
	CHECK_EQ(vt_nwa(t), 0);

	/* a write that does not start at the NWA */
	CHECK_EQ(vt_write(t, 150, 1, 1, 0), SK(5, 0x21, 0x02));
	int32_t t1 = vt_burn_track(t, 1, L1);
	CHECK_EQ(t1, 0);
	int32_t t2 = vt_nwa(t);
	CHECK_EQ(t2, L1 + 152);
	/* CLOSE TRACK after SYNCHRONIZE CACHE must not fail */
	CHECK_EQ(vt_close(t, false, 1), 0);
	CHECK_EQ(vt_nwa(t), t2);
	CHECK_EQ(vt_write(t, t2 - 150, 1, 2, 0), SK(5, 0x21, 0x02));
	CHECK_EQ(vt_burn_track(t, 2, L2), t2);

	/* mid-track: NWA follows the data, wrong LBA refused */
	int32_t t3 = t2 + L2 + 152;
	CHECK_EQ(vt_nwa(t), t3);
	CHECK_EQ(vt_write(t, t3, 100, 3, 0), 0);
	CHECK_EQ(vt_nwa(t), t3 + 100);
	uint8_t ti[36];
	CHECK_EQ(vt_rti(t, 1, 0xFF, ti), 0);
	CHECK_EQ(ti[2], 3);
	CHECK_EQ(get_be32(ti + 8), t3);
	CHECK_EQ(vt_write(t, t3 + 99, 1, 3, 99), SK(5, 0x21, 0x02));
	CHECK_EQ(vt_write(t, t3 + 100, L3 - 100, 3, 100), 0);
	CHECK_EQ(vt_sync(t, false), 0);
	int32_t a2 = t3 + L3 + 2;

	/* open session before closing: status incomplete */
	uint8_t di[34];
	CHECK_EQ(vt_rdi(t, di), 0);
	CHECK_EQ(di[2] & 0x03, 1);
	CHECK_EQ(vt_nwa(t), a2 + 150);

	CHECK_EQ(vt_page05(t, 1, false, 0, 0, 0), 0);
	CHECK_EQ(vt_close(t, false, 2), 0);
	check_final_reports(t, t2, t3, a2);
	check_read_back(t, t2);
	/* nothing can be written any more */
	CHECK_EQ(vt_write(t, a2 + 11400, 1, 4, 0), SK(5, 0x21, 0x02));

	/* keep the answers, reopen from IMAGE.state, compare */
	uint8_t before[4][512], after[4][512];
	size_t nb[4], na[4];
	vt_rdi(t, before[0]);
	vt_toc(t, 0, false, 0, before[1], 512, &nb[1]);
	vt_toc(t, 2, true, 1, before[2], 512, &nb[2]);
	vt_rti(t, 1, 3, before[3]);
	scsi_transport_destroy(t);
	t = vt_open("burn", "media=cdrw74"); /* state wins over media= */
	CHECK(t != NULL);
	if (!t)
		return vt_finish();
	vt_rdi(t, after[0]);
	vt_toc(t, 0, false, 0, after[1], 512, &na[1]);
	vt_toc(t, 2, true, 1, after[2], 512, &na[2]);
	vt_rti(t, 1, 3, after[3]);
	CHECK(memcmp(before[0], after[0], 34) == 0);
	CHECK(nb[1] == na[1] && memcmp(before[1], after[1], nb[1]) == 0);
	CHECK(nb[2] == na[2] && memcmp(before[2], after[2], nb[2]) == 0);
	CHECK(memcmp(before[3], after[3], 36) == 0);
	check_final_reports(t, t2, t3, a2);
	check_read_back(t, t2);

	/* the cue sheet, byte for byte */
	char cue[1024], path[600], expect[1024];
	snprintf(path, sizeof(path), "%s.cue", vt_image("burn"));
	FILE *f = fopen(path, "r");
	size_t n = f ? fread(cue, 1, sizeof(cue) - 1, f) : 0;
	if (f)
		fclose(f);
	cue[n] = '\0';
	char b0[16], b1[16], b2[16], b3[16];
	snprintf(expect, sizeof(expect),
		 "FILE \"burn.bin\" BINARY\n"
		 "REM SESSION 01\n"
		 "  TRACK 01 AUDIO\n"
		 "    INDEX 01 00:00:00\n"
		 "  TRACK 02 AUDIO\n"
		 "    INDEX 00 %s\n"
		 "    INDEX 01 %s\n"
		 "  TRACK 03 AUDIO\n"
		 "    INDEX 00 %s\n"
		 "    INDEX 01 %s\n",
		 msf_format(msf_from_length((uint32_t)t2 - 150), b0),
		 msf_format(msf_from_length((uint32_t)t2), b1),
		 msf_format(msf_from_length((uint32_t)t3 - 150), b2),
		 msf_format(msf_from_length((uint32_t)t3), b3));
	CHECK(strcmp(cue, expect) == 0);
	if (strcmp(cue, expect))
		fprintf(stderr, "cue:\n%s\nexpected:\n%s\n", cue, expect);
	check_tools(t2, t3, a2);

	scsi_transport_destroy(t);
	return vt_finish();
}
