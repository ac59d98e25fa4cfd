/*
 * fuzz_vrec_execute.c - libFuzzer harness for the virtual recorder's
 * command interface (vrec_execute in writer/virtual/vrec.c): raw CDBs and
 * parameter lists as an unmodified burning program sends them through
 * the sg shim.
 *
 * Each input is a fresh recorder on a fresh image in a private temporary
 * directory (on /dev/shm when there is one, so that the recorder's
 * fsyncs cost nothing), configured by a header, then driven by a
 * sequence of commands, so that state is exercised: tracks opened by
 * WRITE(10), ended, sessions closed, test writes, faults firing, the
 * recorder restarted on the image it left, the disc changed.  When the
 * input ends, the recorder is destroyed and every file of the image is
 * removed, so no input sees another's disc; the directory goes at exit,
 * and the next process removes those of processes killed meanwhile.
 *
 * Input:
 *   header, 8 bytes (missing bytes are 0):
 *     [0] bits 0-2: media (mod 5: none, cdr74, cdr80, cdrw74, cdrw80);
 *         bit 3: read_offset set; bit 4: a corrupt range; bit 5: the
 *         disc is not blank: a 2-byte big-endian length and that many
 *         bytes of IMAGE.state follow the header (a state the recorder
 *         refuses ends the input)
 *     [1] armed faults (bits of enum vrec_fault_kind; hang and power
 *         loss answer at once, nothing waits)
 *     [2..3] the LBA of every LBA fault (big-endian)
 *     [4] busy_polls - 1 (mod 8)   [5] short_data opcode
 *     [6] read_offset / 46 (signed) and corrupt range start / 4
 *     [7] highest speed - 1 (mod 52)
 *   then up to 64 records, each starting with a byte t:
 *     t >= F0h, even: the recorder is destroyed and opened again on its
 *                     image (IMAGE.state reloaded, broken tracks found)
 *     t >= F0h, odd:  vrec_change_disc to the media kind in the next
 *                     byte (mod 5)
 *     otherwise a command: CDB length 6 + (t >> 2) % 11, direction
 *       t & 3 (0 none, 1 from the device, 2 to the device with the data
 *       taken from the input, 3 to the device with a filler byte), then
 *       the CDB bytes, a 2-byte big-endian transfer length, and the data
 *       (direction 2: up to that length from the input; 3: one byte
 *       repeated).
 * Every buffer has exactly its size, so AddressSanitizer sees any access
 * past it; the data buffer is NULL exactly when the length is 0.
 *
 * Properties checked besides memory safety: a transport error, or an
 * answer whose residual is within the transfer length and whose sense is
 * 18 bytes of fixed-format sense on CHECK CONDITION and none on GOOD; no
 * file descriptor is left open after the recorder is destroyed.  Built by
 * meson with -Dfuzzing=true and run by tools/fuzz (see doc/fuzzing.md).
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/types.h>
#include <unistd.h>

#include "vrec.h"

#define REQUIRE(c)                                                             \
	do {                                                                   \
		if (!(c))                                                      \
			abort();                                               \
	} while (0)

#define MAX_RECORDS 64

static char dir[256];

static void remove_files(void)
{
	DIR *d = opendir(dir);
	if (!d)
		return;
	struct dirent *e;
	while ((e = readdir(d)))
		if (strcmp(e->d_name, ".") && strcmp(e->d_name, ".."))
			unlinkat(dirfd(d), e->d_name, 0);
	closedir(d);
}

static void remove_dir(void)
{
	remove_files();
	rmdir(dir);
}

#define DIR_PREFIX "burnfs-fuzz-vrec-"

/*
 * Removes the directories (and their files) that harness processes which
 * no longer exist left in base: a process killed by a signal (a closed
 * pipe, a timeout, SIGKILL) removes nothing itself.  The directory names
 * carry the pid of their process.
 */
static void sweep(const char *base)
{
	DIR *b = opendir(base);
	if (!b)
		return;
	struct dirent *e;
	while ((e = readdir(b))) {
		if (strncmp(e->d_name, DIR_PREFIX, strlen(DIR_PREFIX)))
			continue;
		char *end;
		long pid = strtol(e->d_name + strlen(DIR_PREFIX), &end, 10);
		if (pid <= 0 || *end != '-' || kill((pid_t)pid, 0) == 0 ||
		    errno != ESRCH)
			continue;
		int fd =
		    openat(dirfd(b), e->d_name,
			   O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
		DIR *d = fd >= 0 ? fdopendir(fd) : NULL;
		if (!d) {
			if (fd >= 0)
				close(fd);
			continue;
		}
		struct dirent *f;
		while ((f = readdir(d)))
			if (strcmp(f->d_name, ".") && strcmp(f->d_name, ".."))
				unlinkat(dirfd(d), f->d_name, 0);
		closedir(d);
		unlinkat(dirfd(b), e->d_name, AT_REMOVEDIR);
	}
	closedir(b);
}

static int make_dir(void)
{
	if (dir[0])
		return 0;
	struct stat st;
	const char *base = getenv("TMPDIR");
	if (stat("/dev/shm", &st) == 0 && S_ISDIR(st.st_mode) &&
	    access("/dev/shm", W_OK) == 0)
		base = "/dev/shm";
	if (!base || !base[0])
		base = "/tmp";
	sweep(base);
	snprintf(dir, sizeof(dir), "%s/" DIR_PREFIX "%ld-XXXXXX", base,
		 (long)getpid());
	if (!mkdtemp(dir)) {
		perror(dir);
		dir[0] = '\0';
		return -1;
	}
	atexit(remove_dir);
	return 0;
}

/* The lowest free descriptor: what the next open() would return. */
static int lowest_free_fd(void)
{
	int fd = open("/dev/null", O_RDONLY | O_CLOEXEC);
	if (fd >= 0)
		close(fd);
	return fd;
}

struct input {
	const uint8_t *p;
	size_t n;
};

static uint8_t next(struct input *in)
{
	if (in->n == 0)
		return 0;
	in->n--;
	return *in->p++;
}

/* Writes the IMAGE.state the header asks for, if any. */
static void initial_state(struct input *in, const struct vrec_config *c,
			  bool given)
{
	if (!given)
		return;
	size_t len = (size_t)next(in) << 8;
	len |= next(in);
	if (len > in->n)
		len = in->n;
	char path[4200];
	snprintf(path, sizeof(path), "%s.state", c->image);
	int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
	if (fd < 0)
		abort();
	if (len && write(fd, in->p, len) != (ssize_t)len)
		abort();
	close(fd);
	in->p += len;
	in->n -= len;
}

static bool configure(struct input *in, struct vrec_config *c)
{
	uint8_t h[8];
	for (size_t i = 0; i < sizeof(h); i++)
		h[i] = next(in);
	memset(c, 0, sizeof(*c));
	snprintf(c->name, sizeof(c->name), "fz");
	snprintf(c->image, sizeof(c->image), "%s/disc", dir);
	c->media = (enum vrec_media_kind)((h[0] & 7) % 5);
	c->max_speed_x = 1u + h[7] % 52u;
	c->pace = false; /* a paced recorder waits in real time */
	c->buffer_bytes = 2u * 1024 * 1024;
	if (h[0] & 0x08)
		c->read_offset = (int8_t)h[6] * 46;
	if (h[0] & 0x10) {
		c->n_corrupt = 1;
		c->corrupt[0].first = (int32_t)h[6] * 4;
		c->corrupt[0].last = c->corrupt[0].first + 20;
	}
	int32_t lba = (int32_t)(h[2] << 8 | h[3]);
	c->faults.armed = h[1] & 0x3F;
	c->faults.fail_write_at = lba;
	c->faults.remove_at = lba;
	c->faults.hang_at = lba;
	c->faults.power_loss_at = lba;
	c->faults.busy_polls = 1u + h[4] % 8u;
	c->faults.short_data_op = h[5];
	return h[0] & 0x20;
}

static void command(struct scsi_transport *t, uint8_t tag, struct input *in)
{
	struct scsi_cmd cmd;
	memset(&cmd, 0, sizeof(cmd));
	cmd.cdb_len = (uint8_t)(6 + (tag >> 2) % 11);
	for (size_t i = 0; i < cmd.cdb_len; i++)
		cmd.cdb[i] = next(in);
	size_t len = (size_t)next(in) << 8;
	len |= next(in);
	uint8_t *buf = NULL;
	switch (tag & 3) {
	case 0:
		cmd.dir = SCSI_DIR_NONE;
		len = 0;
		break;
	case 1:
		cmd.dir = SCSI_DIR_FROM_DEVICE;
		if (len && (buf = malloc(len)))
			memset(buf, 0xBE, len);
		break;
	case 2:
		cmd.dir = SCSI_DIR_TO_DEVICE;
		if (len > in->n)
			len = in->n;
		if (len && (buf = malloc(len))) {
			memcpy(buf, in->p, len);
			in->p += len;
			in->n -= len;
		}
		break;
	default:
		cmd.dir = SCSI_DIR_TO_DEVICE;
		if (len && (buf = malloc(len)))
			memset(buf, next(in), len);
		break;
	}
	if (len && !buf)
		return;
	cmd.data = buf;
	cmd.data_len = len;
	struct scsi_result res;
	memset(&res, 0x5A, sizeof(res));
	int te = scsi_execute(t, &cmd, &res);
	REQUIRE(te == res.transport_errno);
	if (!te) {
		REQUIRE(res.resid <= len);
		if (res.status == SCSI_STATUS_GOOD) {
			REQUIRE(res.sense_len == 0);
		} else {
			REQUIRE(res.status == SCSI_STATUS_CHECK_CONDITION);
			REQUIRE(res.sense_len == 18 &&
				(res.sense[0] & 0x7F) ==
				    0x70); /* VALID may be set */
			REQUIRE(res.resid == len);
		}
	}
	free(buf);
}

static struct scsi_transport *reopen(const struct vrec_config *cfg)
{
	char err[512];
	struct scsi_transport *t = vrec_open(cfg, err, sizeof(err));
	if (!t) {
		fprintf(stderr, "fuzz_vrec_execute: %s\n", err);
		abort();
	}
	return t;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (make_dir() < 0)
		abort();
	int fd0 = lowest_free_fd();
	struct input in = {data, size};
	struct vrec_config cfg;
	initial_state(&in, &cfg, configure(&in, &cfg));
	char err[512];
	struct scsi_transport *t = vrec_open(&cfg, err, sizeof(err));
	if (!t) { /* the given IMAGE.state was refused */
		remove_files();
		REQUIRE(lowest_free_fd() == fd0);
		return 0;
	}
	for (int r = 0; r < MAX_RECORDS && in.n > 0; r++) {
		uint8_t tag = next(&in);
		if (tag < 0xF0) {
			command(t, tag, &in);
		} else if (tag % 2 == 0) {
			/* A recorder reopens the image it left. */
			scsi_transport_destroy(t);
			t = reopen(&cfg);
		} else {
			enum vrec_media_kind k =
			    (enum vrec_media_kind)(next(&in) % 5);
			int e = vrec_change_disc(t, k, err, sizeof(err));
			REQUIRE(e <= 0 && memchr(err, 0, sizeof(err)));
		}
	}
	scsi_transport_destroy(t);
	remove_files();
	REQUIRE(lowest_free_fd() == fd0);
	return 0;
}
