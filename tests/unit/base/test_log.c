/*
 * test_log.c - the drive log: lines come out oldest first with a
 * timestamp, at most max_lines are kept (when full it starts over with
 * the newest half), messages are flattened to one line, the file reads
 * at any offset while it grows, the notify hook runs for each line, and
 * concurrent writers lose nothing.
 */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "drive_log.h"
#include "test_text.h"

/* "YYYY-MM-DD HH:MM:SS " */
static int is_stamp(const char *p)
{
	static const char shape[] = "dddd-dd-dd dd:dd:dd ";
	for (size_t i = 0; i < sizeof(shape) - 1; i++) {
		if (shape[i] == 'd' ? (p[i] < '0' || p[i] > '9')
				    : p[i] != shape[i])
			return 0;
	}
	return 1;
}

/* Each line of text without its timestamp, into msgs (max n). */
static int split_messages(char *text, char **msgs, int n)
{
	int count = 0;
	for (char *save = NULL, *line = strtok_r(text, "\n", &save); line;
	     line = strtok_r(NULL, "\n", &save)) {
		CHECK(is_stamp(line));
		if (count < n)
			msgs[count] = line + 20;
		count++;
	}
	return count;
}

static void test_order_and_bound(void)
{
	struct drive_log *log = drive_log_new("demo", 4);
	CHECK(log != NULL);
	struct textbuf tb;
	tb_init(&tb);
	drive_log_render(log, &tb);
	CHECK(tb.len == 0);

	for (int i = 1; i <= 6; i++)
		drive_log_add(log, "message %d", i);
	drive_log_render(log, &tb);
	char *msgs[8];
	CHECK(split_messages(tb.data, msgs, 8) == 4);
	CHECK(strcmp(msgs[0], "message 3") == 0);
	CHECK(strcmp(msgs[1], "message 4") == 0);
	CHECK(strcmp(msgs[2], "message 5") == 0);
	CHECK(strcmp(msgs[3], "message 6") == 0);

	/* Full: the newest half stays, then the new line. */
	tb_reset(&tb);
	drive_log_add(log, "two\nlines\n");
	drive_log_render(log, &tb);
	CHECK(split_messages(tb.data, msgs, 8) == 3);
	CHECK(strcmp(msgs[0], "message 5") == 0);
	CHECK(strcmp(msgs[2], "two lines") == 0);
	tb_free(&tb);
	drive_log_free(log);
}

static int notified;

static void count_line(void *ctx)
{
	(void)ctx;
	notified++;
}

/* The file reads at any offset, its size is its length, it grows. */
static void test_read_as_it_grows(void)
{
	struct drive_log *log = drive_log_new("demo", 100);
	char buf[256];
	drive_log_set_notify(log, count_line, NULL);
	CHECK(drive_log_size(log) == 0);
	CHECK(drive_log_read(log, 0, buf, sizeof(buf)) == 0);
	drive_log_add(log, "first");
	CHECK(notified == 1);
	size_t one = drive_log_size(log);
	CHECK(one == 20 + strlen("first") + 1);
	CHECK(drive_log_read(log, 0, buf, sizeof(buf)) == one);
	CHECK(is_stamp(buf) && memcmp(buf + 20, "first\n", 6) == 0);
	drive_log_add(log, "second");
	CHECK(notified == 2);
	size_t n = drive_log_read(log, (off_t)one, buf, sizeof(buf));
	CHECK(n == 20 + strlen("second") + 1);
	CHECK(memcmp(buf + 20, "second\n", 7) == 0);
	CHECK(drive_log_size(log) == one + n);
	/* In pieces, and past the end. */
	CHECK(drive_log_read(log, 20, buf, 3) == 3 &&
	      memcmp(buf, "fir", 3) == 0);
	CHECK(drive_log_read(log, (off_t)(one + n), buf, 10) == 0);
	struct timespec t = drive_log_mtime(log);
	CHECK(t.tv_sec > 0);
	drive_log_free(log);
}

struct writer_arg {
	struct drive_log *log;
	int id;
};

#define WRITERS 4
#define PER_WRITER 500

static void *writer(void *p)
{
	struct writer_arg *a = p;
	for (int i = 0; i < PER_WRITER; i++)
		drive_log_add(a->log, "w%d %d", a->id, i);
	return NULL;
}

static void test_threads(void)
{
	struct drive_log *log = drive_log_new("demo", WRITERS * PER_WRITER);
	pthread_t th[WRITERS];
	struct writer_arg args[WRITERS];
	for (int i = 0; i < WRITERS; i++) {
		args[i] = (struct writer_arg){log, i};
		CHECK(pthread_create(&th[i], NULL, writer, &args[i]) == 0);
	}
	for (int i = 0; i < WRITERS; i++)
		pthread_join(th[i], NULL);
	struct textbuf tb;
	tb_init(&tb);
	drive_log_render(log, &tb);
	char **msgs = calloc(WRITERS * PER_WRITER, sizeof(*msgs));
	CHECK(split_messages(tb.data, msgs, WRITERS * PER_WRITER) ==
	      WRITERS * PER_WRITER);
	/* Each writer's lines appear in the order it wrote them. */
	int next[WRITERS] = {0};
	int in_order = 1;
	for (int i = 0; i < WRITERS * PER_WRITER; i++) {
		int id = -1, n = -1;
		if (sscanf(msgs[i], "w%d %d", &id, &n) != 2 || id < 0 ||
		    id >= WRITERS || n != next[id]++)
			in_order = 0;
	}
	CHECK(in_order);
	free(msgs);
	tb_free(&tb);
	drive_log_free(log);
}

int main(void)
{
	test_order_and_bound();
	test_read_as_it_grows();
	test_threads();
	drive_log_free(NULL);
	return check_finish();
}
