/*
 * test_intake.c - audio intake: header signatures (audio, not audio,
 * not enough bytes yet), and complete files written to a temporary
 * directory: a valid CD-DA WAV (plain, extensible, with chunks before
 * 'fmt '), truncated ones, a text file; a 48 kHz WAV, a FLAC, AIFF and
 * float WAV marked for conversion and converted (intake_convert): length,
 * samples of exact conversions, tags, truncated FLAC refused.
 */
#include <errno.h>
#include <fcntl.h>
#include <sndfile.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "check.h"
#include "intake.h"

static char tmpdir[] = "/tmp/burnfs-test-intake-XXXXXX";

/* ---- building WAV files -------------------------------------------------- */

struct bytes {
	uint8_t *p;
	size_t len, cap;
};

static void reserve(struct bytes *b, size_t n)
{
	if (b->len + n <= b->cap)
		return;
	size_t cap = b->cap ? b->cap : 256;
	while (cap < b->len + n)
		cap *= 2;
	b->p = realloc(b->p, cap);
	if (!b->p)
		abort();
	b->cap = cap;
}

static void put(struct bytes *b, const void *data, size_t n)
{
	reserve(b, n);
	memcpy(b->p + b->len, data, n);
	b->len += n;
}

static void put_le16(struct bytes *b, uint16_t v)
{
	uint8_t x[2] = {(uint8_t)v, (uint8_t)(v >> 8)};
	put(b, x, 2);
}

static void put_le32(struct bytes *b, uint32_t v)
{
	uint8_t x[4] = {(uint8_t)v, (uint8_t)(v >> 8), (uint8_t)(v >> 16),
			(uint8_t)(v >> 24)};
	put(b, x, 4);
}

struct wav_spec {
	uint16_t tag, channels, bits;
	uint32_t rate;
	bool extensible;
	bool list_first;     /* a LIST chunk before 'fmt ' */
	uint32_t data_bytes; /* audio bytes actually present */
	uint32_t data_claim; /* what the header says (0: data_bytes) */
};

static struct bytes make_wav(const struct wav_spec *w)
{
	struct bytes b = {NULL, 0, 0};
	uint16_t block = (uint16_t)(w->channels * w->bits / 8);
	put(&b, "RIFF", 4);
	put_le32(&b, 0); /* patched below */
	put(&b, "WAVE", 4);
	if (w->list_first) {
		put(&b, "LIST", 4);
		put_le32(&b, 5);
		put(&b, "INFOx\0", 6); /* odd size: one pad byte */
	}
	put(&b, "fmt ", 4);
	put_le32(&b, w->extensible ? 40 : 16);
	put_le16(&b, w->extensible ? 0xFFFE : w->tag);
	put_le16(&b, w->channels);
	put_le32(&b, w->rate);
	put_le32(&b, w->rate * block);
	put_le16(&b, block);
	put_le16(&b, w->bits);
	if (w->extensible) {
		static const uint8_t tail[14] = {0x00, 0x00, 0x00, 0x00, 0x10,
						 0x00, 0x80, 0x00, 0x00, 0xAA,
						 0x00, 0x38, 0x9B, 0x71};
		put_le16(&b, 22);
		put_le16(&b, w->bits);
		put_le32(&b, 3); /* front left and right */
		put_le16(&b, w->tag);
		put(&b, tail, sizeof(tail));
	}
	put(&b, "data", 4);
	put_le32(&b, w->data_claim ? w->data_claim : w->data_bytes);
	reserve(&b, w->data_bytes);
	for (uint32_t i = 0; i < w->data_bytes; i++)
		b.p[b.len + i] = (uint8_t)(i * 7);
	b.len += w->data_bytes;
	uint32_t riff = (uint32_t)b.len - 8;
	memcpy(b.p + 4,
	       (uint8_t[4]){(uint8_t)riff, (uint8_t)(riff >> 8),
			    (uint8_t)(riff >> 16), (uint8_t)(riff >> 24)},
	       4);
	return b;
}

static char *write_file(const char *name, const void *data, size_t len)
{
	char *path = NULL;
	if (asprintf(&path, "%s/%s", tmpdir, name) < 0)
		abort();
	int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0600);
	CHECK(fd >= 0);
	CHECK(write(fd, data, len) == (ssize_t)len);
	close(fd);
	return path;
}

static int finish_bytes(const char *name, struct bytes b,
			struct intake_result *res, char *why, size_t why_len)
{
	char *path = write_file(name, b.p, b.len);
	int rc = intake_finish(path, res, why, why_len);
	unlink(path);
	free(path);
	free(b.p);
	return rc;
}

static const struct wav_spec cdda = {
    .tag = 1,
    .channels = 2,
    .bits = 16,
    .rate = 44100,
    .data_bytes = 44100 * 4 * 3 + 2352, /* 3 s and a sector */
};

/* ---- tests --------------------------------------------------------------- */

static enum intake_verdict judge(const char *s, size_t n)
{
	char why[128] = "";
	return intake_check_header((const uint8_t *)s, n, why, sizeof(why));
}

static void test_header(void)
{
	CHECK(judge("", 0) == INTAKE_NEED_MORE);
	CHECK(judge("RIF", 3) == INTAKE_NEED_MORE);
	CHECK(judge("RIFF\x10\0\0\0WAV", 11) == INTAKE_NEED_MORE);
	CHECK(judge("RIFF\x10\0\0\0WAVE", 12) == INTAKE_LOOKS_OK);
	CHECK(judge("RIFF\x10\0\0\0AVI ", 12) == INTAKE_NOT_AUDIO);
	CHECK(judge("RF64\xff\xff\xff\xffWAVE", 12) == INTAKE_LOOKS_OK);
	CHECK(judge("FORM\0\0\0\0AIFF", 12) == INTAKE_LOOKS_OK);
	CHECK(judge("FORM\0\0\0\0AIFC", 12) == INTAKE_LOOKS_OK);
	CHECK(judge("FORM\0\0\0\0ILBM", 12) == INTAKE_NOT_AUDIO);
	CHECK(judge("fLaC", 4) == INTAKE_LOOKS_OK);
	CHECK(judge("OggS\0\2", 6) == INTAKE_LOOKS_OK);
	CHECK(judge("ID3\4", 4) == INTAKE_LOOKS_OK);
	CHECK(judge("\xff\xfb\x90\x64", 4) == INTAKE_LOOKS_OK);	 /* MPEG-1 L3 */
	CHECK(judge("\xff\xf1\x50\x80", 4) == INTAKE_NOT_AUDIO); /* AAC ADTS */
	CHECK(judge("caff\0\1", 6) == INTAKE_LOOKS_OK);
	CHECK(judge(".snd\0\0\0\x18", 8) == INTAKE_LOOKS_OK);
	CHECK(judge("riff\x2e\x91\xcf\x11\xa5\xd6\x28\xdb\x04\xc1", 14) ==
	      INTAKE_LOOKS_OK);
	CHECK(judge("riff\x2e\x91", 6) == INTAKE_NEED_MORE);
	/* Plain text is judged as soon as no signature can match. */
	CHECK(judge("Hello", 5) == INTAKE_NOT_AUDIO);

	char why[128] = "";
	CHECK(intake_check_header((const uint8_t *)"Hello, world\n", 13, why,
				  sizeof(why)) == INTAKE_NOT_AUDIO);
	CHECK(strcmp(why, "not an audio file (starts with 'Hell')") == 0);
	CHECK(intake_check_header((const uint8_t *)"\x7f"
						   "ELF\2\1\1\0\0\0\0\0",
				  12, why, sizeof(why)) == INTAKE_NOT_AUDIO);
	CHECK(strcmp(why, "not an audio file (starts with bytes 7f 45 4c "
			  "46)") == 0);
}

static void test_valid_wav(void)
{
	struct intake_result res;
	char why[256] = "";
	int rc =
	    finish_bytes("ok.wav", make_wav(&cdda), &res, why, sizeof(why));
	CHECK(rc == 0);
	CHECK(res.pcm_offset == 44);
	CHECK(res.pcm_bytes == cdda.data_bytes);
	CHECK(res.frames == cdda.data_bytes / 4);
	CHECK(strcmp(res.description, "WAV 44100 Hz 16-bit stereo, 0:03.0") ==
	      0);
	if (rc != 0)
		fprintf(stderr, "why: %s\n", why);

	struct wav_spec w = cdda;
	w.extensible = true;
	w.list_first = true;
	w.data_bytes = 44100 * 4 * 65; /* 1:05.0, 11 MB */
	rc = finish_bytes("ext.wav", make_wav(&w), &res, why, sizeof(why));
	CHECK(rc == 0);
	CHECK(res.pcm_offset == 12 + 14 + 8 + 40 + 8);
	CHECK(res.pcm_bytes == w.data_bytes);
	CHECK(strcmp(res.description, "WAV 44100 Hz 16-bit stereo, 1:05.0") ==
	      0);
	if (rc != 0)
		fprintf(stderr, "why: %s\n", why);
}

static void test_truncated(void)
{
	struct intake_result res;
	char why[256] = "";
	struct wav_spec w = cdda;
	w.data_bytes = 10000;
	w.data_claim = 40000;
	CHECK(finish_bytes("short.wav", make_wav(&w), &res, why, sizeof(why)) ==
	      -EINVAL);
	CHECK(strcmp(why, "truncated: header promises 40000 bytes of audio, "
			  "file has 10000") == 0);

	w = cdda;
	w.data_bytes = 10001; /* a trailing odd byte */
	CHECK(finish_bytes("odd.wav", make_wav(&w), &res, why, sizeof(why)) ==
	      -EINVAL);
	CHECK(strncmp(why, "truncated: ", 11) == 0);

	/* Cut off before the data chunk. */
	struct bytes b = make_wav(&cdda);
	b.len = 30;
	CHECK(finish_bytes("cut.wav", b, &res, why, sizeof(why)) == -EINVAL);
	CHECK(strncmp(why, "not a valid WAV file", 20) == 0);

	b = make_wav(&cdda);
	b.len = 40;
	CHECK(finish_bytes("cut2.wav", b, &res, why, sizeof(why)) == -EINVAL);
	CHECK(strcmp(why, "truncated: the file ends before its 'data' chunk") ==
	      0);

	w = cdda;
	w.data_bytes = 0;
	CHECK(finish_bytes("empty.wav", make_wav(&w), &res, why, sizeof(why)) ==
	      -EINVAL);
	CHECK(strcmp(why, "contains no audio (empty 'data' chunk)") == 0);
}

static void test_not_audio(void)
{
	struct intake_result res;
	char why[256] = "";
	const char *text = "Hello, this is a text file.\n";
	char *path = write_file("notes.txt", text, strlen(text));
	CHECK(intake_finish(path, &res, why, sizeof(why)) == -EINVAL);
	CHECK(strcmp(why, "not an audio file (starts with 'Hell')") == 0);
	unlink(path);
	free(path);

	path = write_file("tiny", "RI", 2);
	CHECK(intake_finish(path, &res, why, sizeof(why)) == -EINVAL);
	CHECK(strcmp(why, "not an audio file (only 2 bytes long)") == 0);
	unlink(path);
	free(path);

	char missing[128];
	snprintf(missing, sizeof(missing), "%s/missing.wav", tmpdir);
	CHECK(intake_finish(missing, &res, why, sizeof(why)) == -ENOENT);
	CHECK(strncmp(why, "cannot open: ", 13) == 0);
}

static void test_other_formats(void)
{
	struct intake_result res;
	char why[256] = "";
	struct wav_spec w = cdda;
	w.rate = 48000;
	w.channels = 1;
	w.bits = 24;
	w.data_bytes = 48000 * 3;
	CHECK(finish_bytes("48k.wav", make_wav(&w), &res, why, sizeof(why)) ==
	      0);
	CHECK(res.convert);
	CHECK(strcmp(res.description, "48000 Hz mono 24-bit WAV") == 0);

	/* A FLAC file, written by libsndfile. */
	char path[128];
	snprintf(path, sizeof(path), "%s/x.flac", tmpdir);
	SF_INFO info = {.samplerate = 48000,
			.channels = 1,
			.format = SF_FORMAT_FLAC | SF_FORMAT_PCM_24};
	SNDFILE *snd = sf_open(path, SFM_WRITE, &info);
	CHECK(snd != NULL);
	if (snd) {
		int samples[4800] = {0};
		for (int i = 0; i < 4800; i++)
			samples[i] = (i % 100) * 1000000;
		CHECK(sf_writef_int(snd, samples, 4800) == 4800);
		sf_close(snd);
		CHECK(intake_finish(path, &res, why, sizeof(why)) == 0);
		CHECK(res.convert);
		CHECK(strcmp(res.description, "48000 Hz mono 24-bit FLAC") ==
		      0);
		char out[160];
		snprintf(out, sizeof(out), "%s/x.cdda", tmpdir);
		CHECK(intake_convert(path, out, &res, NULL, NULL, why,
				     sizeof(why)) == 0);
		/* 4800 frames at 48 kHz are 4410 at 44.1 kHz. */
		CHECK(res.frames >= 4409 && res.frames <= 4411);
		CHECK(res.pcm_bytes == res.frames * 4 && res.pcm_offset == 0);
		CHECK(strstr(res.description, "converted with dither") != NULL);
		unlink(out);

		/* Cut in the middle: refused as truncated, no output left. */
		FILE *f = fopen(path, "r+");
		CHECK(f != NULL);
		if (f) {
			fseek(f, 0, SEEK_END);
			long size = ftell(f);
			CHECK(ftruncate(fileno(f), size / 2) == 0);
			fclose(f);
		}
		int rc = intake_finish(path, &res, why, sizeof(why));
		if (rc == 0)
			rc = intake_convert(path, out, &res, NULL, NULL, why,
					    sizeof(why));
		CHECK(rc == -EINVAL);
		CHECK(strstr(why, "truncated") != NULL ||
		      strstr(why, "decoded") != NULL);
		CHECK(access(out, F_OK) != 0);
		unlink(path);
	}

	/* Looks like FLAC, but is not: cannot be decoded. */
	const char junk[] = "fLaC\0\0\0\0garbage garbage garbage";
	char *p = write_file("junk.flac", junk, sizeof(junk));
	CHECK(intake_finish(p, &res, why, sizeof(why)) == -EINVAL);
	CHECK(strncmp(why, "cannot be decoded: ", 19) == 0);
	unlink(p);
	free(p);
}

/* Writes 44.1 kHz stereo 16-bit frames with libsndfile in format. */
static int write_sf(const char *path, int format, int rate, int frames)
{
	SF_INFO info = {.samplerate = rate, .channels = 2, .format = format};
	SNDFILE *snd = sf_open(path, SFM_WRITE, &info);
	if (!snd)
		return -1;
	short buf[2 * 441];
	for (int i = 0; i < 2 * 441; i++)
		buf[i] = (short)(i * 37);
	int done = 0;
	while (done < frames) {
		int n = frames - done < 441 ? frames - done : 441;
		if (sf_writef_short(snd, buf, n) != n)
			break;
		done += n;
	}
	sf_close(snd);
	return done == frames ? 0 : -1;
}

static void test_written_by_libsndfile(void)
{
	struct intake_result res;
	char why[256] = "";
	char path[128];

	snprintf(path, sizeof(path), "%s/sf.wav", tmpdir);
	CHECK(write_sf(path, SF_FORMAT_WAV | SF_FORMAT_PCM_16, 44100, 44100) ==
	      0);
	CHECK(intake_finish(path, &res, why, sizeof(why)) == 0);
	CHECK(res.frames == 44100 && res.pcm_bytes == 44100 * 4);
	unlink(path);

	snprintf(path, sizeof(path), "%s/sf.rf64", tmpdir);
	CHECK(write_sf(path, SF_FORMAT_RF64 | SF_FORMAT_PCM_16, 44100, 22050) ==
	      0);
	CHECK(intake_finish(path, &res, why, sizeof(why)) == 0);
	CHECK(res.frames == 22050 && res.pcm_bytes == 22050 * 4);
	CHECK(strcmp(res.description, "RF64 44100 Hz 16-bit stereo, 0:00.5") ==
	      0);
	if (res.frames != 22050)
		fprintf(stderr, "why: %s\n", why);
	unlink(path);

	snprintf(path, sizeof(path), "%s/sf.aiff", tmpdir);
	CHECK(write_sf(path, SF_FORMAT_AIFF | SF_FORMAT_PCM_16, 44100, 4410) ==
	      0);
	CHECK(intake_finish(path, &res, why, sizeof(why)) == 0);
	CHECK(res.convert);
	CHECK(strcmp(res.description, "44100 Hz stereo 16-bit AIFF") == 0);
	/* 16-bit at 44.1 kHz: converted without dither, samples exact. */
	char out[160];
	snprintf(out, sizeof(out), "%s/aiff.cdda", tmpdir);
	CHECK(intake_convert(path, out, &res, NULL, NULL, why, sizeof(why)) ==
	      0);
	CHECK(res.frames == 4410 && res.clipped == 0);
	CHECK(strstr(res.description, "converted, 0:00.1, 4410 frames") !=
	      NULL);
	FILE *f = fopen(out, "rb");
	CHECK(f != NULL);
	if (f) {
		uint8_t b[4 * 441];
		CHECK(fread(b, 1, sizeof(b), f) == sizeof(b));
		bool same = true;
		for (int i = 0; i < 2 * 441; i++) {
			short v = (short)(b[2 * i] | b[2 * i + 1] << 8);
			same = same && v == (short)(i * 37);
		}
		CHECK(same);
		fclose(f);
	}
	unlink(out);
	unlink(path);

	/* A float WAV is converted, described by libsndfile. */
	snprintf(path, sizeof(path), "%s/float.wav", tmpdir);
	CHECK(write_sf(path, SF_FORMAT_WAV | SF_FORMAT_FLOAT, 44100, 4410) ==
	      0);
	CHECK(intake_finish(path, &res, why, sizeof(why)) == 0);
	CHECK(res.convert);
	CHECK(strcmp(res.description, "44100 Hz stereo 32-bit float WAV") == 0);
	unlink(path);
}

int main(void)
{
	if (!mkdtemp(tmpdir)) {
		perror("mkdtemp");
		return 1;
	}
	test_header();
	test_valid_wav();
	test_truncated();
	test_not_audio();
	test_other_formats();
	test_written_by_libsndfile();
	rmdir(tmpdir);
	return check_finish();
}
