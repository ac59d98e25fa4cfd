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
	CHECK_STR(tb.data, "   0:12 writing   track 2/3    27%  24.0x    0:33 "
			   "left buffer  98% drive  87%\n");
	CHECK(tb.len - 1 <= PROGRESS_LINE_MAX);

	tb_reset(&tb);
	render_progress_header(&tb, &s);
	CHECK_STR(tb.data,
		  "burn: 3 tracks, 10:09, started by bash (pid 1234)\n");

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
	/* The error is cut to fit 80 columns; status has it whole. */
	CHECK_STR(tb.data, "   0:12 failed    track 2/3    27%  track 2, LBA "
			   "20000: WRITE(10) failed sens...\n");
	CHECK(tb.len - 1 == PROGRESS_LINE_MAX);

	/* A long error is cut to 80 columns, not inside a character. */
	memset(s.last_error, 0, sizeof(s.last_error));
	for (size_t i = 0; i + 2 < 200; i += 2)
		memcpy(s.last_error + i, "\xc3\xa9", 2); /* é */
	tb_reset(&tb);
	render_progress_line(&tb, &s);
	size_t cols = 0;
	for (size_t i = 0; i < tb.len; i++)
		cols += ((unsigned char)tb.data[i] & 0xC0) != 0x80;
	CHECK(cols - 1 <= PROGRESS_LINE_MAX);
	CHECK(strstr(tb.data, "\xc3\xa9...\n") != NULL);
	strcpy(s.last_error, "track 2, LBA 20000: WRITE(10) failed");

	/* A verification that found a difference. */
	strcpy(s.verify, "failed, track 2 (b.wav): mismatch at LBA 20100");
	tb_reset(&tb);
	render_status(&tb, &s);
	HAS(&tb, "verify: failed, track 2 (b.wav): mismatch at LBA 20100");
	tb_reset(&tb);
	render_progress_line(&tb, &s);
	CHECK_STR(tb.data, "   0:12 failed    track 2/3    27%  verify failed  "
			   "track 2, LBA 20000: WRITE(...\n");

	/* While verifying: speed and time left, no buffers' word. */
	s.state = BURN_VERIFYING;
	s.remaining_s = 3725;
	strcpy(s.verify, "running, track 1 of 3");
	tb_reset(&tb);
	render_progress_line(&tb, &s);
	CHECK_STR(tb.data, "   0:12 verifying track 2/3    27%  24.0x 1:02:05 "
			   "left\n");
	tb_reset(&tb);
	render_status(&tb, &s);
	HAS(&tb, "state: verifying");
	HAS(&tb, "verify: running, track 1 of 3");
	s.verify[0] = '\0';

	/* The widest line still fits. */
	s.state = BURN_VERIFYING;
	s.current_track = 99;
	s.tracks_total = 99;
	s.elapsed_s = 35999;
	s.remaining_s = 35999;
	s.speed_x = 100000;
	s.host_buffer_percent = 100;
	s.drive_buffer_percent = 100;
	tb_reset(&tb);
	render_progress_line(&tb, &s);
	CHECK(tb.len - 1 <= PROGRESS_LINE_MAX);

	s.state = BURN_DONE;
	s.sectors_total = 0;
	tb_reset(&tb);
	render_status(&tb, &s);
	HAS(&tb, "state: done");
	HAS(&tb, "percent: 100");
	tb_free(&tb);
	return check_finish();
}
