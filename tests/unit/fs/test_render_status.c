/*
 * test_render_status.c - the status file and the progress line for an
 * idle recorder, a burn in progress and a failed one.
 */
#include <string.h>

#include "check.h"
#include "render.h"
#include "test_text.h"

#define HAS(tb, line) CHECK(text_has_line((tb)->data, line))

int main(void)
{
	struct burn_status s;
	memset(&s, 0, sizeof(s));
	s.remaining_s = -1;
	struct textbuf tb;
	tb_init(&tb);
	render_status(&tb, &s);
	CHECK(strcmp(tb.data, "state: idle\n"
			      "action: none\n"
			      "track: 0\n"
			      "tracks_total: 0\n"
			      "percent: 0\n"
			      "sectors_written: 0\n"
			      "sectors_total: 0\n"
			      "elapsed: 0.0\n"
			      "remaining: unknown\n"
			      "speed: 0.0x\n"
			      "host_buffer: 0%\n"
			      "host_buffer_bytes: 0\n"
			      "host_buffer_total_bytes: 0\n"
			      "host_buffer_free_bytes: 0\n"
			      "drive_buffer: 0%\n"
			      "last_error:\n"
			      "owner_pid: none\n"
			      "owner_command: none\n"
			      "verify: none\n") == 0);

	s.state = BURN_WRITING;
	s.current_track = 2;
	s.tracks_total = 3;
	s.sectors_written = 12345;
	s.sectors_total = 45678;
	s.elapsed_s = 12.34;
	s.remaining_s = 33.06;
	s.speed_x = 24.0;
	s.host_buffer_percent = 98;
	s.host_buffer_bytes = 4 << 20;
	s.host_buffer_total_bytes = 8 << 20;
	s.drive_buffer_percent = 87;
	s.owner_pid = 1234;
	strcpy(s.owner_comm, "bash");
	strcpy(s.action, "burn");
	tb_reset(&tb);
	render_status(&tb, &s);
	HAS(&tb, "state: writing");
	HAS(&tb, "track: 2");
	HAS(&tb, "tracks_total: 3");
	HAS(&tb, "percent: 27");
	HAS(&tb, "sectors_written: 12345");
	HAS(&tb, "sectors_total: 45678");
	HAS(&tb, "elapsed: 12.3");
	HAS(&tb, "remaining: 33.1");
	HAS(&tb, "speed: 24.0x");
	HAS(&tb, "host_buffer: 98%");
	HAS(&tb, "host_buffer_bytes: 4194304");
	HAS(&tb, "drive_buffer: 87%");
	HAS(&tb, "last_error:");
	HAS(&tb, "owner_pid: 1234");
	HAS(&tb, "owner_command: bash");
	HAS(&tb, "action: burn");
	HAS(&tb, "host_buffer_total_bytes: 8388608");
	HAS(&tb, "host_buffer_free_bytes: 4194304");

	tb_reset(&tb);
	render_progress_line(&tb, &s);
	CHECK(strcmp(tb.data,
		     "state=writing track=2/3 sectors=12345/45678 "
		     "percent=27 elapsed=12.3 remaining=33.1 speed=24.0x "
		     "host_buffer=98% host_buffer_total=8388608 "
		     "host_buffer_used=4194304 host_buffer_free=4194304 "
		     "drive_buffer=87% action=burn\n") == 0);

	s.state = BURN_FAILED;
	strcpy(s.last_error, "track 2, LBA 20000: WRITE(10) failed\n"
			     "sense 3/0C/00");
	s.remaining_s = -1;
	tb_reset(&tb);
	render_status(&tb, &s);
	HAS(&tb, "state: failed");
	HAS(&tb, "last_error: track 2, LBA 20000: WRITE(10) failed sense "
		 "3/0C/00");
	tb_reset(&tb);
	render_progress_line(&tb, &s);
	CHECK(strcmp(tb.data,
		     "state=failed track=2/3 sectors=12345/45678 "
		     "percent=27 elapsed=12.3 remaining=unknown speed=24.0x "
		     "host_buffer=98% host_buffer_total=8388608 "
		     "host_buffer_used=4194304 host_buffer_free=4194304 "
		     "drive_buffer=87% action=burn error=track 2, LBA "
		     "20000: WRITE(10) failed sense 3/0C/00\n") == 0);

	/* A verification that found a difference. */
	strcpy(s.verify, "failed, track 2 (b.wav): mismatch at LBA 20100");
	tb_reset(&tb);
	render_status(&tb, &s);
	HAS(&tb, "verify: failed, track 2 (b.wav): mismatch at LBA 20100");
	tb_reset(&tb);
	render_progress_line(&tb, &s);
	CHECK(strstr(tb.data,
		     "drive_buffer=87% action=burn verify=failed error=") !=
	      NULL);

	/* While verifying. */
	s.state = BURN_VERIFYING;
	strcpy(s.verify, "running, track 1 of 3");
	tb_reset(&tb);
	render_progress_line(&tb, &s);
	CHECK(strncmp(tb.data, "state=verifying track=2/3 ", 26) == 0);
	CHECK(strstr(tb.data,
		     "drive_buffer=87% action=burn verify=running\n") != NULL);
	tb_reset(&tb);
	render_status(&tb, &s);
	HAS(&tb, "state: verifying");
	HAS(&tb, "verify: running, track 1 of 3");
	s.verify[0] = '\0';

	s.state = BURN_DONE;
	s.sectors_total = 0;
	tb_reset(&tb);
	render_status(&tb, &s);
	HAS(&tb, "state: done");
	HAS(&tb, "percent: 100");
	tb_free(&tb);
	return check_finish();
}
