/*
 * job_fixture.h - what the engine tests (test_burn_job.c, Track-At-Once,
 * and test_sao_job.c, Session-At-Once) set up alike: one burn_job_run on
 * a scripted drive (fake_drive.h) with a small ring, what the engine
 * reported (its log, the states it went through, the highest track), and
 * source PCM files in a temporary folder.
 */
#ifndef BURNFS_JOB_FIXTURE_H
#define BURNFS_JOB_FIXTURE_H

#include <stdatomic.h>
#include <stddef.h>
#include <stdint.h>

#include "burn_job.h"
#include "fake_drive.h"

/* What the engine reported through burn_job_io. */
struct job_seen {
	char log[32768]; /* every line, each ended by '\n' */
	unsigned emits, publishes;
	enum burn_state states[32]; /* each change of state, in order */
	size_t n_states;
	unsigned max_track;
};

struct job_run {
	struct fake_drive f;
	struct job_seen seen;
	atomic_bool cancel; /* the fake drive may set it (fake_drive.h) */
	struct burn_status st;
	enum burn_state result;
	unsigned max_wait_ms; /* 0: the engine's own */
};

struct job_run *job_run_new(void);
void job_run_free(struct job_run *r);
/* burn_job_run (the one entry point, as the recorder calls it) with a
 * ring of 100 sectors; the result and final status into r. */
void job_run_burn(struct job_run *r, const struct burn_options *o,
		  const struct burn_track *t, size_t n);

/* Makes the folder for the sources (from template, a mkdtemp pattern,
 * kept); 0 or -1 with the reason on stderr. */
int job_fixture_dir_make(char *template);
/* Removes it and what is in it. */
void job_fixture_dir_remove(const char *dir);
/*
 * Writes dir/name: offset bytes of 0xEE (a header to skip), then len
 * bytes byte(k, i), i = 0..len-1.  Returns the path (malloc'd) or NULL.
 */
char *job_fixture_pcm(const char *dir, const char *name, uint64_t offset,
		      uint64_t len, uint8_t (*byte)(unsigned k, uint64_t i),
		      unsigned k);

#endif
