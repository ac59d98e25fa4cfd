/*
 * test_notify_text.c - the words of the desktop notifications
 * (desktop/notify_text.c): job ends, refusals, staging done, progress,
 * and text made fit for D-Bus and body markup.
 */
#include "check.h"
#include "notify_text.h"

static void test_mmss(void)
{
	char b[16];
	notify_mmss(359849, b, sizeof(b)); /* a CD-R 80's capacity */
	CHECK_STR(b, "79:57");
	notify_mmss(0, b, sizeof(b));
	CHECK_STR(b, "0:00");
	notify_mmss(74, b, sizeof(b)); /* under a second */
	CHECK_STR(b, "0:00");
	notify_mmss(75 * 61, b, sizeof(b));
	CHECK_STR(b, "1:01");
	notify_mmss(75ULL * 3600 * 2, b, sizeof(b)); /* beyond a CD */
	CHECK_STR(b, "120:00");
}

static void test_job_end(void)
{
	struct notify_text t;
	struct job_outcome o = {.drive = "demo",
				.state = "done",
				.action = "burn",
				.tracks = 3,
				.verify = "passed, 3 tracks match",
				.last_error = ""};
	CHECK(notify_text_job_end(&o, &t));
	CHECK_STR(t.summary, "Audio CD burnt");
	CHECK_STR(t.body, "demo: 3 tracks burnt. Verify: passed, 3 tracks "
			  "match");
	CHECK_EQ(t.urgency, 1);

	o.verify = "none";
	o.tracks = 1;
	CHECK(notify_text_job_end(&o, &t));
	CHECK_STR(t.body, "demo: 1 track burnt (not verified)");
	o.verify = "";
	CHECK(notify_text_job_end(&o, &t));
	CHECK_STR(t.body, "demo: 1 track burnt (not verified)");

	o.state = "failed";
	o.last_error = "WRITE(10) at LBA 1200: MEDIUM ERROR 03/0C/00 write "
		       "error";
	CHECK(!notify_text_job_end(&o, &t));
	CHECK_STR(t.summary, "Burn failed");
	CHECK_STR(t.body, "demo: WRITE(10) at LBA 1200: MEDIUM ERROR 03/0C/00 "
			  "write error. Every staged track stays in tracks/.");
	CHECK_EQ(t.urgency, 2);

	o.state = "failed";
	o.last_error = "";
	CHECK(!notify_text_job_end(&o, &t));
	CHECK_STR(t.body, "demo: the job failed. Every staged track stays "
			  "in tracks/.");

	o.state = "cancelled";
	o.last_error = "cancelled by the user";
	CHECK(!notify_text_job_end(&o, &t));
	CHECK_STR(t.summary, "Burn cancelled");
	CHECK_STR(t.body, "demo: cancelled by the user. Every staged track "
			  "stays in tracks/.");

	o.state = "done";
	o.action = "test-write";
	o.tracks = 2;
	CHECK(notify_text_job_end(&o, &t));
	CHECK_STR(t.summary, "Test write done");
	CHECK_STR(t.body, "demo: 2 tracks written with the laser off; "
			  "nothing was burnt, the tracks stay in tracks/");

	o.action = "close-session";
	CHECK(notify_text_job_end(&o, &t));
	CHECK_STR(t.summary, "Session closed");

	o.action = "blank-fast";
	CHECK(notify_text_job_end(&o, &t));
	CHECK_STR(t.summary, "Disc blanked");
	o.state = "failed";
	o.last_error = "blank: the disc is a CD-R; only a CD-RW can be "
		       "blanked";
	CHECK(!notify_text_job_end(&o, &t));
	CHECK_STR(t.summary, "Blank failed");
	/* a blank has no staged tracks to keep */
	CHECK_STR(t.body, "demo: blank: the disc is a CD-R; only a CD-RW can "
			  "be blanked.");
}

static void test_refused(void)
{
	struct notify_text t;
	notify_text_refused("demo", "notes.txt",
			    "not an audio file (starts with 'Hell')", &t);
	CHECK_STR(t.summary, "File refused: notes.txt");
	CHECK_STR(t.body, "demo: not an audio file (starts with 'Hell')");
}

static void test_staging_done(void)
{
	struct notify_text t;
	struct staging_summary s = {.drive = "demo",
				    .tracks = 3,
				    .staged_sectors = 75 * 754, /* 12:34 */
				    .disc_writable = true,
				    .capacity_sectors = 359849,
				    .used_sectors = 0};
	notify_text_staging_done(&s, &t);
	CHECK_STR(t.summary, "demo: ready to burn");
	CHECK_STR(t.body, "3 tracks, 12:34 of 79:57, 67:23 left");

	/* an appendable disc: its recorded part counts */
	s.tracks = 1;
	s.used_sectors = 75 * 600;
	notify_text_staging_done(&s, &t);
	CHECK_STR(t.body, "1 track, 22:34 of 79:57, 57:23 left");

	s.used_sectors = 359849 - 75 * 10;
	notify_text_staging_done(&s, &t);
	CHECK_STR(t.body, "1 track, 92:21 of 79:57, 12:24 too long");

	s.disc_writable = false;
	notify_text_staging_done(&s, &t);
	CHECK_STR(t.body, "1 track, 12:34; no writable disc in the drive");
}

static void test_progress(void)
{
	struct notify_text t;
	struct job_progress p = {.drive = "demo",
				 .state = "writing",
				 .action = "burn",
				 .track = 2,
				 .tracks_total = 3,
				 .percent = 27,
				 .remaining_s = 33.1};
	notify_text_progress(&p, &t);
	CHECK_STR(t.summary, "Burning audio CD");
	CHECK_STR(t.body, "demo: track 2 of 3, 27%, 0:33 left");
	p.remaining_s = -1;
	notify_text_progress(&p, &t);
	CHECK_STR(t.body, "demo: track 2 of 3, 27%");
	p.state = "verifying";
	notify_text_progress(&p, &t);
	CHECK_STR(t.body, "demo: verifying track 2 of 3, 27%");
	p.state = "preparing";
	p.percent = 0;
	notify_text_progress(&p, &t);
	CHECK_STR(t.body, "demo: preparing, 0%");
	p.state = "writing";
	p.action = "blank-full";
	p.percent = 45;
	p.remaining_s = 61;
	notify_text_progress(&p, &t);
	CHECK_STR(t.summary, "Blanking disc");
	CHECK_STR(t.body, "demo: blanking, 45%, 1:01 left");
	CHECK(notify_state_is_final("done"));
	CHECK(notify_state_is_final("failed"));
	CHECK(notify_state_is_final("cancelled"));
	CHECK(!notify_state_is_final("writing"));
	CHECK(!notify_state_is_final("idle"));
}

static void test_clean_text(void)
{
	char b[64];
	notify_clean_text("Łódź & <b>x</b>", false, b, sizeof(b));
	CHECK_STR(b, "Łódź & <b>x</b>");
	notify_clean_text("Łódź & <b>x</b>", true, b, sizeof(b));
	CHECK_STR(b, "Łódź &amp; &lt;b&gt;x&lt;/b&gt;");
	/* Latin-1 bytes of a file name, an overlong '/', a surrogate */
	notify_clean_text("caf\xe9 \xc0\xaf \xed\xa0\x80!", false, b,
			  sizeof(b));
	CHECK_STR(b, "caf? ?? ???\x21"); /* \x21: "!", not the trigraph ??! */
	notify_clean_text("a\tb\nc\x7f", false, b, sizeof(b));
	CHECK_STR(b, "a b c ");
	/* cut at a whole character, never inside one or an entity */
	notify_clean_text("ab\xc5\x81", false, b, 4);
	CHECK_STR(b, "ab");
	notify_clean_text("a&b", true, b, 5);
	CHECK_STR(b, "a");
	notify_clean_text("x", false, b, 1);
	CHECK_STR(b, "");
}

int main(void)
{
	test_mmss();
	test_job_end();
	test_refused();
	test_staging_done();
	test_progress();
	test_clean_text();
	return check_finish();
}
