/*
 * test_burnfsctl.c - burnfsctl's pure parts: the `status` file parsed
 * (doc/files.md's keys), the lines a `log` gained between two reads, and
 * the walk up to a drive directory with a probe that knows a made-up
 * tree.
 */
#include <string.h>

#include "burnfsctl_find.h"
#include "burnfsctl_status.h"
#include "check.h"

static const char status_writing[] =
    "state: writing\n"
    "action: burn\n"
    "track: 2\n"
    "tracks_total: 3\n"
    "percent: 27\n"
    "sectors_written: 12345\n"
    "sectors_total: 45678\n"
    "elapsed: 12.3\n"
    "remaining: 33.1\n"
    "speed: 24.0x\n"
    "host_buffer: 98%\n"
    "last_error:\n"
    "owner_pid: 4242\n"
    "owner_command: burnfsctl\n"
    "verify: none\n"
    "converting: 03.flac 40%, 04 b: c.flac 2%\n";

static void test_status(void)
{
	struct ctl_status s;
	CHECK(ctl_status_parse(status_writing, strlen(status_writing), &s));
	CHECK_STR(s.state, "writing");
	CHECK_STR(s.action, "burn");
	CHECK_EQ(s.track, 2);
	CHECK_EQ(s.tracks_total, 3);
	CHECK_EQ(s.percent, 27);
	CHECK(s.remaining_s > 33.0 && s.remaining_s < 33.2);
	CHECK_STR(s.last_error, "");
	CHECK_STR(s.verify, "none");
	CHECK_STR(s.owner_command, "burnfsctl");
	/* a value with ": " in it stays whole */
	CHECK_STR(s.converting, "03.flac 40%, 04 b: c.flac 2%");
	CHECK(ctl_status_running(&s));

	static const char failed[] =
	    "state: failed\r\n"
	    "remaining: unknown\n"
	    "last_error: verify: track 2 (02 b.wav): mismatch at LBA 22752\n"
	    "last_error: a second one is not the status's\n"
	    "verify: failed, track 2 (02 b.wav): mismatch at LBA 22752\n"
	    "no colon here\n"
	    "state_extra: x\n"
	    "percent: -5"; /* no newline at the end */
	CHECK(ctl_status_parse(failed, strlen(failed), &s));
	CHECK_STR(s.state, "failed");
	CHECK(s.remaining_s < 0);
	CHECK_STR(s.last_error,
		  "verify: track 2 (02 b.wav): mismatch at LBA 22752");
	CHECK_STR(s.verify,
		  "failed, track 2 (02 b.wav): mismatch at LBA 22752");
	CHECK_EQ(s.percent, 0);
	CHECK(!ctl_status_running(&s));

	CHECK(!ctl_status_parse("", 0, &s));
	CHECK(!ctl_status_parse("percent: 5\n", 11, &s));
	/* only len bytes are read */
	CHECK(ctl_status_parse("state: idle\nstate: x", 11, &s));
	CHECK_STR(s.state, "idle");
	CHECK(!ctl_status_running(&s));
	/* a value longer than its field is cut, not overflowed */
	char longer[2048];
	memset(longer, 'x', sizeof(longer));
	memcpy(longer, "last_error: ", 12);
	memcpy(longer + sizeof(longer) - 14, "\nstate: done\n", 13);
	CHECK(ctl_status_parse(longer, sizeof(longer) - 1, &s));
	CHECK_EQ(strlen(s.last_error), sizeof(s.last_error) - 1);
	CHECK_STR(s.state, "done");
}

static void test_log_lines(void)
{
	char out[512];
	static const char before[] =
	    "2026-11-27 15:04:05 track 01 a.wav: staged, WAV\n"
	    "2026-11-27 15:04:09 do_not_finalize set to 1\n";
	static const char after[] =
	    "2026-11-27 15:04:05 track 01 a.wav: staged, WAV\n"
	    "2026-11-27 15:04:09 do_not_finalize set to 1\n"
	    "2026-11-27 15:05:12 commit: 03 x.wav is still being written\n";
	CHECK_EQ(ctl_log_new_lines(before, after, out, sizeof(out)), 1);
	CHECK_STR(out, "commit: 03 x.wav is still being written");

	CHECK_EQ(ctl_log_new_lines(before, before, out, sizeof(out)), 0);
	CHECK_STR(out, "");

	/* two new lines; the ring dropped the oldest meanwhile */
	static const char rolled[] =
	    "2026-11-27 15:04:09 do_not_finalize set to 1\n"
	    "2026-11-27 15:05:12 e.wav: removed\n"
	    "2026-11-27 15:05:12 commit: not complete audio files\n";
	CHECK_EQ(ctl_log_new_lines(before, rolled, out, sizeof(out)), 2);
	CHECK_STR(out, "e.wav: removed; commit: not complete audio files");

	/* the same line again later: the last occurrence counts */
	static const char repeat_before[] = "2026-11-27 15:00:00 x\n";
	static const char repeat_after[] = "2026-11-27 15:00:00 x\n"
					   "2026-11-27 15:00:00 y\n"
					   "2026-11-27 15:00:00 x\n"
					   "2026-11-27 15:00:01 z\n";
	CHECK_EQ(
	    ctl_log_new_lines(repeat_before, repeat_after, out, sizeof(out)),
	    1);
	CHECK_STR(out, "z");

	/* an empty log before: everything is new; a line without time */
	CHECK_EQ(ctl_log_new_lines("", "eject: refused\n", out, sizeof(out)),
		 1);
	CHECK_STR(out, "eject: refused");
	/* the ring moved past the old last line: all is new */
	CHECK_EQ(ctl_log_new_lines("2026-11-27 14:00:00 gone\n",
				   "2026-11-27 15:00:00 a\n"
				   "2026-11-27 15:00:00 b\n",
				   out, sizeof(out)),
		 2);
	CHECK_STR(out, "a; b");
	/* a small buffer: cut, terminated */
	CHECK_EQ(ctl_log_new_lines("", "abcdefgh\n", out, 5), 1);
	CHECK_STR(out, "abcd");
}

/* The made-up tree: /m/demo is a drive directory. */
static bool probe(void *ctx, const char *dir)
{
	int *calls = ctx;
	(*calls)++;
	return strcmp(dir, "/m/demo") == 0;
}

static void test_find(void)
{
	char out[64];
	int calls = 0;
	CHECK_EQ(ctl_find_drive_dir("/m/demo", probe, &calls, out, sizeof(out)),
		 0);
	CHECK_STR(out, "/m/demo");
	CHECK_EQ(calls, 1);
	CHECK_EQ(ctl_find_drive_dir("/m/demo/tracks/01 a.wav", probe, &calls,
				    out, sizeof(out)),
		 0);
	CHECK_STR(out, "/m/demo");
	CHECK_EQ(ctl_find_drive_dir("/m/demo/tracks/", probe, &calls, out,
				    sizeof(out)),
		 0);
	CHECK_STR(out, "/m/demo");
	/* the walk goes up to / and stops */
	calls = 0;
	CHECK_EQ(ctl_find_drive_dir("/home/u/Music", probe, &calls, out,
				    sizeof(out)),
		 -1);
	CHECK_EQ(calls, 4); /* /home/u/Music, /home/u, /home, / */
	calls = 0;
	CHECK_EQ(ctl_find_drive_dir("/", probe, &calls, out, sizeof(out)), -1);
	CHECK_EQ(calls, 1);
	/* a relative path is not walked */
	CHECK_EQ(ctl_find_drive_dir("m/demo", probe, &calls, out, sizeof(out)),
		 -1);
	/* too small for the answer */
	CHECK_EQ(ctl_find_drive_dir("/m/demo/tracks", probe, &calls, out, 7),
		 -1);
	CHECK_STR(ctl_base_name("/m/demo"), "demo");
	CHECK_STR(ctl_base_name("/"), "/");
}

int main(void)
{
	test_status();
	test_log_lines();
	test_find();
	return check_finish();
}
