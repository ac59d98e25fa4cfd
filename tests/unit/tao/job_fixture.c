/*
 * job_fixture.c - the engine tests' common set-up (see job_fixture.h).
 */
#include "job_fixture.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void on_publish(void *ctx, const struct burn_status *st, bool emit)
{
	struct job_seen *s = ctx;
	s->publishes++;
	if (emit)
		s->emits++;
	if (s->n_states == 0 || s->states[s->n_states - 1] != st->state) {
		if (s->n_states < 32)
			s->states[s->n_states++] = st->state;
	}
	if (st->current_track > s->max_track)
		s->max_track = st->current_track;
}

static void on_log(void *ctx, const char *line)
{
	struct job_seen *s = ctx;
	size_t at = strlen(s->log);
	snprintf(s->log + at, sizeof(s->log) - at, "%s\n", line);
}

struct job_run *job_run_new(void)
{
	struct job_run *r = calloc(1, sizeof(*r));
	if (!r)
		abort();
	fake_drive_init(&r->f);
	atomic_init(&r->cancel, false);
	r->f.cancel = &r->cancel;
	return r;
}

void job_run_free(struct job_run *r)
{
	fake_drive_fini(&r->f);
	free(r);
}

void job_run_burn(struct job_run *r, const struct burn_options *o,
		  const struct burn_track *t, size_t n)
{
	struct burn_job_io io = {
	    .transport = &r->f.base,
	    .drive = "fake",
	    .publish = on_publish,
	    .log = on_log,
	    .ctx = &r->seen,
	    .cancel = &r->cancel,
	    .ring_bytes = 100 * 2352,
	    .max_wait_ms = r->max_wait_ms,
	};
	r->result = burn_job_run(&io, o, t, n, &r->st);
}

int job_fixture_dir_make(char *template)
{
	if (!mkdtemp(template)) {
		perror("mkdtemp");
		return -1;
	}
	return 0;
}

void job_fixture_dir_remove(const char *dir)
{
	char cmd[256];
	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", dir);
	if (system(cmd) != 0)
		fprintf(stderr, "could not remove %s\n", dir);
}

char *job_fixture_pcm(const char *dir, const char *name, uint64_t offset,
		      uint64_t len, uint8_t (*byte)(unsigned k, uint64_t i),
		      unsigned k)
{
	char *path;
	if (asprintf(&path, "%s/%s", dir, name) < 0)
		return NULL;
	FILE *f = fopen(path, "wb");
	if (!f) {
		free(path);
		return NULL;
	}
	for (uint64_t i = 0; i < offset; i++)
		fputc(0xEE, f);
	for (uint64_t i = 0; i < len; i++)
		fputc(byte(k, i), f);
	if (fclose(f) != 0) {
		free(path);
		return NULL;
	}
	return path;
}
