/*
 * vtest.c - helpers of the virtual recorder's unit tests (see vtest.h).
 */
#include "vtest.h"

#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "bytes.h"
#include "msf.h"

uint8_t vt_last_sense[18];
int vt_last_progress = -1;
static char tmpdir[256];
static char image[512];

const char *vt_tmpdir(void)
{
	if (!tmpdir[0]) {
		snprintf(tmpdir, sizeof(tmpdir), "/tmp/vrec-test-XXXXXX");
		if (!mkdtemp(tmpdir)) {
			perror("mkdtemp");
			exit(2);
		}
	}
	return tmpdir;
}

void vt_cleanup(void)
{
	if (!tmpdir[0] || getenv("VT_KEEP"))
		return;
	char cmd[512];
	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", tmpdir);
	if (system(cmd) != 0)
		fprintf(stderr, "could not remove %s\n", tmpdir);
	tmpdir[0] = '\0';
}

const char *vt_image(const char *name)
{
	snprintf(image, sizeof(image), "%s/%s", vt_tmpdir(), name);
	return image;
}

struct scsi_transport *vt_open(const char *name, const char *keys)
{
	char spec[1024], err[512];
	struct vrec_config cfg;
	snprintf(spec, sizeof(spec), "%s:%s%s%s", name, vt_image(name),
		 keys[0] ? "," : "", keys);
	if (vrec_parse_spec(spec, &cfg, err, sizeof(err))) {
		fprintf(stderr, "spec: %s\n", err);
		return NULL;
	}
	struct scsi_transport *t = vrec_open(&cfg, err, sizeof(err));
	if (!t)
		fprintf(stderr, "open: %s\n", err);
	return t;
}

int vt_exec(struct scsi_transport *t, const uint8_t *cdb, size_t cdb_len,
	    enum scsi_direction dir, void *data, size_t len, size_t *xfer)
{
	struct scsi_cmd c;
	struct scsi_result r;
	memset(&c, 0, sizeof(c));
	memcpy(c.cdb, cdb, cdb_len);
	c.cdb_len = (uint8_t)cdb_len;
	c.dir = dir;
	c.data = data;
	c.data_len = len;
	if (scsi_execute(t, &c, &r) != 0)
		return -1;
	if (xfer)
		*xfer = len - r.resid;
	vt_last_progress = -1;
	if (r.status == SCSI_STATUS_GOOD)
		return 0;
	if (r.sense_len < 14)
		return -2;
	memcpy(vt_last_sense, r.sense, 18);
	if (r.sense[15] & 0x80)
		vt_last_progress = get_be16(r.sense + 16);
	return SK(r.sense[2] & 0x0F, r.sense[12], r.sense[13]);
}

int vt_tur(struct scsi_transport *t)
{
	uint8_t cdb[6] = {0};
	return vt_exec(t, cdb, 6, SCSI_DIR_NONE, NULL, 0, NULL);
}

int vt_page05(struct scsi_transport *t, uint8_t write_type, bool test_write,
	      uint8_t multisession, uint8_t track_mode, uint8_t dbt)
{
	uint8_t p[8 + 52] = {0};
	uint8_t *pg = p + 8;
	pg[0] = 0x05;
	pg[1] = 0x32;
	pg[2] = (uint8_t)((test_write ? 0x10 : 0) | write_type);
	pg[3] = (uint8_t)(multisession << 6 | track_mode);
	pg[4] = dbt;
	put_be16(pg + 14, 150);
	uint8_t cdb[10] = {0x55, 0x10, 0, 0, 0, 0, 0, 0, sizeof(p), 0};
	return vt_exec(t, cdb, 10, SCSI_DIR_TO_DEVICE, p, sizeof(p), NULL);
}

void vt_fill(uint8_t *buf, unsigned track, uint32_t sector)
{
	uint32_t x = track * 2654435761u ^ (sector + 1) * 40503u;
	for (size_t i = 0; i < CD_SECTOR_BYTES; i += 4) {
		x = x * 1103515245u + 12345u;
		put_be32(buf + i, x);
	}
}

int vt_write(struct scsi_transport *t, int32_t lba, uint16_t n, unsigned track,
	     uint32_t first)
{
	uint8_t *buf = malloc((size_t)n * CD_SECTOR_BYTES + 1);
	if (!buf)
		return -3;
	for (uint16_t i = 0; i < n; i++)
		vt_fill(buf + (size_t)i * CD_SECTOR_BYTES, track, first + i);
	uint8_t cdb[10] = {0x2A};
	put_be32(cdb + 2, (uint32_t)lba);
	put_be16(cdb + 7, n);
	int s = vt_exec(t, cdb, 10, SCSI_DIR_TO_DEVICE, buf,
			(size_t)n * CD_SECTOR_BYTES, NULL);
	free(buf);
	return s;
}

int32_t vt_burn_track(struct scsi_transport *t, unsigned track, uint32_t len)
{
	int32_t nwa = vt_nwa(t);
	if (nwa < 0)
		return -1;
	uint32_t done = 0;
	while (done < len) {
		uint16_t n = (uint16_t)(len - done > 27 ? 27 : len - done);
		int s = vt_write(t, nwa + (int32_t)done, n, track, done);
		if (s) {
			fprintf(stderr, "write track %u at %d: %06x\n", track,
				nwa + (int)done, s);
			return -1;
		}
		done += n;
	}
	if (vt_sync(t, false))
		return -1;
	return nwa;
}

int vt_sync(struct scsi_transport *t, bool immed)
{
	uint8_t cdb[10] = {0x35, immed ? 0x02 : 0};
	return vt_exec(t, cdb, 10, SCSI_DIR_NONE, NULL, 0, NULL);
}

int vt_close(struct scsi_transport *t, bool immed, uint8_t function)
{
	uint8_t cdb[10] = {0x5B, immed ? 0x01 : 0, function};
	return vt_exec(t, cdb, 10, SCSI_DIR_NONE, NULL, 0, NULL);
}

int vt_rdi(struct scsi_transport *t, uint8_t out[34])
{
	uint8_t cdb[10] = {0x51, 0, 0, 0, 0, 0, 0, 0, 34, 0};
	memset(out, 0xEE, 34);
	return vt_exec(t, cdb, 10, SCSI_DIR_FROM_DEVICE, out, 34, NULL);
}

int vt_rti(struct scsi_transport *t, uint8_t type, uint32_t number,
	   uint8_t out[36])
{
	uint8_t cdb[10] = {0x52, type};
	put_be32(cdb + 2, number);
	put_be16(cdb + 7, 36);
	memset(out, 0xEE, 36);
	return vt_exec(t, cdb, 10, SCSI_DIR_FROM_DEVICE, out, 36, NULL);
}

int32_t vt_nwa(struct scsi_transport *t)
{
	uint8_t ti[36];
	if (vt_rti(t, 1, 0xFF, ti) || !(ti[7] & 1))
		return -1;
	return (int32_t)get_be32(ti + 12);
}

int vt_toc(struct scsi_transport *t, uint8_t format, bool msf, uint8_t number,
	   uint8_t *out, uint16_t alloc, size_t *xfer)
{
	uint8_t cdb[10] = {0x43, msf ? 0x02 : 0, format, 0, 0, 0, number};
	put_be16(cdb + 7, alloc);
	memset(out, 0xEE, alloc);
	return vt_exec(t, cdb, 10, SCSI_DIR_FROM_DEVICE, out, alloc, xfer);
}

static double now_s(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

int vt_wait_ready(struct scsi_transport *t)
{
	double deadline = now_s() + 5;
	int busy = 0;
	while (now_s() < deadline) {
		int s = vt_tur(t);
		if (s == 0)
			return busy;
		if (s != SK(2, 0x04, 0x08))
			return -1;
		busy++;
		/* poll interval of a deadline loop, not a synchronisation */
		struct timespec ts = {0, 1000000};
		nanosleep(&ts, NULL);
	}
	return -1;
}

int vt_run(const char *cmd, char *out, size_t cap)
{
	FILE *f = popen(cmd, "r");
	if (!f)
		return -1;
	size_t n = 0;
	if (cap)
		out[0] = '\0';
	while (cap && n + 1 < cap) {
		size_t r = fread(out + n, 1, cap - 1 - n, f);
		if (r == 0)
			break;
		n += r;
	}
	if (cap)
		out[n] = '\0';
	char drain[4096];
	while (fread(drain, 1, sizeof(drain), f) > 0)
		;
	int st = pclose(f);
	return WIFEXITED(st) ? WEXITSTATUS(st) : -1;
}
