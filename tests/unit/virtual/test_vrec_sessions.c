/*
 * test_vrec_sessions.c - sessions on the virtual recorder: closing with
 * Multi-session 11b (appendable, next NWA = lead-out + 11400, B0 in the
 * full TOC), a second session closed with 00b, the NRG image read by
 * libcdio and cd-info; a session left open and continued later; test
 * write leaving the disc as it was; writes beyond the capacity; and
 * reopening from IMAGE.state in each of these states.
 */
#include <cdio/cdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "bytes.h"
#include "msf.h"
#include "vtest.h"

/* Answers that must survive a restart. */
struct snapshot {
	uint8_t di[34], ti[36], toc0[512], toc2[1024];
	int s_ti, s_toc0, s_toc2;
	size_t n0, n2;
};

static void snap(struct scsi_transport *t, struct snapshot *s)
{
	memset(s, 0, sizeof(*s));
	vt_rdi(t, s->di);
	s->s_ti = vt_rti(t, 1, 0xFF, s->ti);
	s->s_toc0 = vt_toc(t, 0, false, 0, s->toc0, 512, &s->n0);
	s->s_toc2 = vt_toc(t, 2, true, 1, s->toc2, 1024, &s->n2);
}

static struct scsi_transport *reopen_same(struct scsi_transport *t,
					  const char *name)
{
	struct snapshot a, b;
	snap(t, &a);
	scsi_transport_destroy(t);
	t = vt_open(name, "");
	CHECK(t != NULL);
	if (!t)
		return NULL;
	snap(t, &b);
	CHECK(memcmp(a.di, b.di, 34) == 0);
	CHECK_EQ(a.s_ti, b.s_ti);
	CHECK(memcmp(a.ti, b.ti, 36) == 0);
	CHECK_EQ(a.s_toc0, b.s_toc0);
	CHECK(a.n0 == b.n0 && memcmp(a.toc0, b.toc0, a.n0) == 0);
	CHECK_EQ(a.s_toc2, b.s_toc2);
	CHECK(a.n2 == b.n2 && memcmp(a.toc2, b.toc2, a.n2) == 0);
	return t;
}

static const uint8_t *find_point(const uint8_t *toc, size_t n, unsigned session,
				 uint8_t point)
{
	for (size_t i = 4; i + 11 <= n; i += 11)
		if (toc[i] == session && toc[i + 3] == point)
			return toc + i;
	return NULL;
}

static void test_multisession(void)
{
	struct scsi_transport *t = vt_open("multi", "");
	CHECK(t != NULL);
	if (!t)
		return;
	uint8_t di[34], toc[1024];
	size_t got;
	CHECK_EQ(vt_page05(t, 1, false, 3, 0, 0), 0);
	CHECK_EQ(vt_burn_track(t, 1, 300), 0);
	CHECK_EQ(vt_burn_track(t, 2, 320), 452);
	int32_t a2 = 452 + 320 + 2;
	CHECK_EQ(vt_close(t, false, 2), 0);

	CHECK_EQ(vt_rdi(t, di), 0);
	CHECK_EQ(di[2] & 0x03, 1);	  /* appendable */
	CHECK_EQ((di[2] >> 2) & 0x03, 0); /* last session empty */
	CHECK_EQ(di[4], 2);
	CHECK_EQ(di[5], 3);
	CHECK_EQ(di[6], 3);
	int32_t nwa2 = a2 + 11400;
	CHECK_EQ(vt_nwa(t), nwa2);
	/* lead-in of session 2: 4500 before its first pregap */
	struct msf m = msf_from_lba(nwa2 - 150 - 4500);
	CHECK(di[17] == m.m && di[18] == m.s && di[19] == m.f);
	uint8_t ti[36];
	CHECK_EQ(vt_rti(t, 2, 2, ti), 0); /* session 2: the invisible track */
	CHECK_EQ(ti[2], 3);
	CHECK_EQ(ti[3], 2);
	CHECK_EQ(get_be32(ti + 16), 359849 - nwa2);

	CHECK_EQ(vt_toc(t, 2, true, 0, toc, 1024, &got), 0);
	const uint8_t *b0 = find_point(toc, got, 1, 0xB0);
	CHECK(b0 != NULL);
	if (b0) {
		m = msf_from_lba(nwa2);
		CHECK(b0[4] == m.m && b0[5] == m.s && b0[6] == m.f);
		CHECK(b0[8] == 79 && b0[9] == 59 && b0[10] == 74);
	}
	CHECK(find_point(toc, got, 1, 0xA2) != NULL);
	CHECK(find_point(toc, got, 1, 0xC0) != NULL);

	t = reopen_same(t, "multi");
	if (!t)
		return;

	/* session 2: one track, then finalize */
	CHECK_EQ(vt_page05(t, 1, false, 0, 0, 0), 0);
	CHECK_EQ(vt_write(t, nwa2 - 1, 1, 3, 0), SK(5, 0x21, 0x02));
	CHECK_EQ(vt_burn_track(t, 3, 310), nwa2);
	CHECK_EQ(vt_rdi(t, di), 0);
	CHECK_EQ(di[4], 2);
	CHECK_EQ((di[2] >> 2) & 0x03, 1); /* session 2 incomplete */
	CHECK_EQ(vt_close(t, false, 2), 0);
	int32_t a2b = nwa2 + 310 + 2;

	CHECK_EQ(vt_rdi(t, di), 0);
	CHECK_EQ(di[2] & 0x03, 2);
	CHECK_EQ(di[4], 2);
	CHECK_EQ(di[5], 3);
	CHECK_EQ(di[6], 3);
	CHECK_EQ(vt_toc(t, 2, true, 0, toc, 1024, &got), 0);
	CHECK_EQ(toc[3], 2);
	CHECK(find_point(toc, got, 1, 0xB0) != NULL);
	CHECK(find_point(toc, got, 2, 0xB0) == NULL);
	const uint8_t *a2e = find_point(toc, got, 2, 0xA2);
	CHECK(a2e != NULL);
	if (a2e) {
		m = msf_from_lba(a2b);
		CHECK(a2e[8] == m.m && a2e[9] == m.s && a2e[10] == m.f);
	}
	const uint8_t *t3 = find_point(toc, got, 2, 3);
	CHECK(t3 != NULL);
	/* format 1: first track of the last session */
	CHECK_EQ(vt_toc(t, 1, false, 0, toc, 12, &got), 0);
	CHECK_EQ(toc[3], 2);
	CHECK_EQ(toc[6], 3);
	CHECK_EQ(get_be32(toc + 8), nwa2);
	/* format 0: lead-out of the last session */
	CHECK_EQ(vt_toc(t, 0, false, 0xAA, toc, 12, &got), 0);
	CHECK_EQ(get_be32(toc + 8), a2b);

	/* the cue sheet lists both sessions */
	char path[600], cue[2048];
	snprintf(path, sizeof(path), "%s.cue", vt_image("multi"));
	FILE *f = fopen(path, "r");
	size_t n = f ? fread(cue, 1, sizeof(cue) - 1, f) : 0;
	if (f)
		fclose(f);
	cue[n] = '\0';
	CHECK(strstr(cue, "REM SESSION 02\n  TRACK 03 AUDIO\n") != NULL);

	/* NRG through libcdio: tracks at their LBAs, audio reads back */
	snprintf(path, sizeof(path), "%s.nrg", vt_image("multi"));
	CdIo_t *cd = cdio_open_nrg(path);
	CHECK(cd != NULL);
	if (cd) {
		CHECK_EQ(cdio_get_num_tracks(cd), 3);
		CHECK_EQ(cdio_get_track_lba(cd, 1), 0 + 150);
		CHECK_EQ(cdio_get_track_lba(cd, 2), 452 + 150);
		CHECK_EQ(cdio_get_track_lba(cd, 3), nwa2 + 150);
		CHECK_EQ(cdio_get_disc_last_lsn(cd), a2b);
		uint8_t buf[CD_SECTOR_BYTES], want[CD_SECTOR_BYTES];
		CHECK_EQ(cdio_read_audio_sectors(cd, buf, nwa2 + 17, 1), 0);
		vt_fill(want, 3, 17);
		CHECK(memcmp(buf, want, sizeof(buf)) == 0);
		CHECK_EQ(cdio_read_audio_sectors(cd, buf, 452 + 300, 1), 0);
		vt_fill(want, 2, 300);
		CHECK(memcmp(buf, want, sizeof(buf)) == 0);
		cdio_destroy(cd);
	}
	char cmd[1024], out[16384], expect[64];
	snprintf(cmd, sizeof(cmd),
		 "cd-info --no-device-info --no-cddb --nrg-file '%s' 2>&1",
		 path);
	CHECK_EQ(vt_run(cmd, out, sizeof(out)), 0);
	const int32_t lsn[4] = {0, 452, nwa2, a2b};
	for (int k = 0; k < 4; k++) {
		m = msf_from_lba(lsn[k]);
		snprintf(expect, sizeof(expect), "%02u:%02u:%02u  %06d", m.m,
			 m.s, m.f, (int)lsn[k]);
		CHECK(strstr(out, expect) != NULL);
	}
	t = reopen_same(t, "multi");
	scsi_transport_destroy(t);
}

static void test_open_session(void)
{
	struct scsi_transport *t = vt_open("open", "media=cdr74");
	CHECK(t != NULL);
	if (!t)
		return;
	uint8_t di[34], toc[512], ti[36];
	size_t got;
	CHECK_EQ(vt_page05(t, 1, false, 0, 0, 0), 0);
	CHECK_EQ(vt_burn_track(t, 1, 300), 0);
	/* never closed: the session stays open */
	CHECK_EQ(vt_rdi(t, di), 0);
	CHECK_EQ(di[2] & 0x03, 1);
	CHECK_EQ((di[2] >> 2) & 0x03, 1);
	CHECK_EQ(di[4], 1);
	CHECK_EQ(di[6], 2); /* counts the invisible track */
	CHECK(di[17] == 97 && di[18] == 24 && di[19] == 1);
	CHECK(di[21] == 74 && di[22] == 43 && di[23] == 2);
	/* TOC of the open session: its tracks, provisional lead-out */
	CHECK_EQ(vt_toc(t, 0, false, 0, toc, 512, &got), 0);
	CHECK_EQ(toc[3], 1);
	CHECK_EQ(get_be32(toc + 12 + 4), 302);
	CHECK_EQ(vt_toc(t, 2, true, 0, toc, 512, &got), 0);
	CHECK(find_point(toc, got, 1, 0xB0) == NULL);

	t = reopen_same(t, "open");
	if (!t)
		return;
	/* continues in the same session */
	CHECK_EQ(vt_rti(t, 1, 0xFF, ti), 0);
	CHECK_EQ(ti[3], 1);
	CHECK_EQ(get_be32(ti + 12), 452);
	CHECK_EQ(get_be32(ti + 16), 336077 - 452);
	CHECK_EQ(vt_burn_track(t, 2, 300), 452);
	CHECK_EQ(vt_rdi(t, di), 0);
	CHECK_EQ(di[4], 1);
	t = reopen_same(t, "open");
	if (!t)
		return;
	/* a later CLOSE SESSION closes it */
	CHECK_EQ(vt_page05(t, 1, false, 0, 0, 0), 0);
	CHECK_EQ(vt_close(t, false, 2), 0);
	CHECK_EQ(vt_rdi(t, di), 0);
	CHECK_EQ(di[2] & 0x03, 2);
	CHECK_EQ(di[6], 2);
	/* closing again: nothing open, nothing happens */
	CHECK_EQ(vt_close(t, false, 2), 0);
	t = reopen_same(t, "open");
	scsi_transport_destroy(t);
}

static void test_test_write(void)
{
	struct scsi_transport *t = vt_open("dummy", "");
	CHECK(t != NULL);
	if (!t)
		return;
	uint8_t di[34];
	CHECK_EQ(vt_page05(t, 1, true, 0, 0, 0), 0);
	CHECK_EQ(vt_burn_track(t, 1, 300), 0);
	/* the NWA moves on while simulating */
	CHECK_EQ(vt_nwa(t), 452);
	CHECK_EQ(vt_burn_track(t, 2, 300), 452);
	CHECK_EQ(vt_nwa(t), 904);
	CHECK_EQ(vt_close(t, false, 2), 0);
	/* and the disc is still blank */
	CHECK_EQ(vt_rdi(t, di), 0);
	CHECK_EQ(di[2] & 0x03, 0);
	CHECK_EQ(vt_nwa(t), 0);
	uint8_t toc[64];
	CHECK_EQ(vt_toc(t, 0, false, 0, toc, 64, NULL), SK(5, 0x24, 0));
	char path[600];
	snprintf(path, sizeof(path), "%s.cue", vt_image("dummy"));
	CHECK(access(path, F_OK) != 0);
	t = reopen_same(t, "dummy");
	if (!t)
		return;
	CHECK_EQ(vt_rdi(t, di), 0);
	CHECK_EQ(di[2] & 0x03, 0);
	/* a real burn afterwards starts at 0 */
	CHECK_EQ(vt_page05(t, 1, false, 0, 0, 0), 0);
	CHECK_EQ(vt_burn_track(t, 1, 300), 0);
	scsi_transport_destroy(t);
}

static void test_capacity(void)
{
	/* A disc whose open session ends close to the last lead-out. */
	char path[600];
	snprintf(path, sizeof(path), "%s.state", vt_image("full"));
	FILE *f = fopen(path, "w");
	CHECK(f != NULL);
	if (!f)
		return;
	fprintf(f, "burnfs-vrec-state 1\nmedia cdr80\ntray closed\n"
		   "finalized 0\nmcn -\n"
		   "session 1 closed 0 ms 0 leadout 0\n"
		   "track 1 session 1 start 0 length 359000 ctl 0 isrc -\n");
	fclose(f);
	struct scsi_transport *t = vt_open("full", "");
	CHECK(t != NULL);
	if (!t)
		return;
	int32_t nwa = 359152;
	CHECK_EQ(vt_nwa(t), nwa);
	uint8_t ti[36];
	CHECK_EQ(vt_rti(t, 1, 0xFF, ti), 0);
	CHECK_EQ(get_be32(ti + 16), 359849 - nwa);
	CHECK_EQ(vt_page05(t, 1, false, 0, 0, 0), 0);
	/* 695 sectors fit; one more leaves no room for the run-out */
	uint8_t cdb[10] = {0x2A};
	put_be32(cdb + 2, (uint32_t)nwa);
	put_be16(cdb + 7, 695);
	static uint8_t big[697 * CD_SECTOR_BYTES];
	CHECK_EQ(vt_exec(t, cdb, 10, SCSI_DIR_TO_DEVICE, big, 695 * 2352, NULL),
		 0);
	CHECK_EQ(vt_write(t, nwa + 695, 1, 2, 695), SK(5, 0x21, 0x00));
	CHECK_EQ(vt_write(t, 400000, 1, 2, 0), SK(5, 0x21, 0x00));
	CHECK_EQ(vt_sync(t, false), 0);
	uint8_t di[34];
	CHECK_EQ(vt_rdi(t, di), 0);
	CHECK_EQ(di[6], 3);
	scsi_transport_destroy(t);
}

int main(void)
{
	test_multisession();
	test_open_session();
	test_test_write();
	test_capacity();
	return vt_finish();
}
