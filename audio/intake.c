/*
 * intake.c - checking audio files copied into tracks/ (see intake.h).
 *
 * intake_check_header recognises the container signatures of the
 * formats libsndfile reads, so that a file that is plainly not audio is
 * refused at its first write.  intake_finish then checks the complete
 * spooled file: for RIFF/RF64 WAVE it walks the chunk list itself to
 * find 'fmt ' and 'data' (where the CD-DA PCM lies, and whether the file
 * holds all the audio its header promises).  CD-format WAV is decoded
 * to the end here and burnt from the file; every other file libsndfile
 * opens is described and marked for conversion (intake_convert.c, which
 * decodes it completely).  Tags (title, artist, ISRC) are read here.
 */
#include "intake.h"

#include "audio_tags.h"

#include <errno.h>
#include <fcntl.h>
#include <sndfile.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/* ---- signatures ---------------------------------------------------------- */

/* Enough bytes to tell any supported signature from anything else. */
#define INTAKE_JUDGE_BYTES 12

struct signature {
	unsigned offset;
	unsigned len;
	const char *bytes;
};

/* A format is recognised when all of its parts match. */
struct audio_magic {
	const char *name;
	struct signature part[2];
};

static const struct audio_magic magics[] = {
    {"WAV", {{0, 4, "RIFF"}, {8, 4, "WAVE"}}},
    {"WAV (big-endian)", {{0, 4, "RIFX"}, {8, 4, "WAVE"}}},
    {"RF64", {{0, 4, "RF64"}, {8, 4, "WAVE"}}},
    {"BW64", {{0, 4, "BW64"}, {8, 4, "WAVE"}}},
    {"AIFF", {{0, 4, "FORM"}, {8, 4, "AIFF"}}},
    {"AIFF-C", {{0, 4, "FORM"}, {8, 4, "AIFC"}}},
    {"IFF 8SVX", {{0, 4, "FORM"}, {8, 4, "8SVX"}}},
    {"FLAC", {{0, 4, "fLaC"}, {0, 0, NULL}}},
    {"Ogg", {{0, 4, "OggS"}, {0, 0, NULL}}},
    {"MP3 (ID3)", {{0, 3, "ID3"}, {0, 0, NULL}}},
    {"CAF", {{0, 4, "caff"}, {0, 0, NULL}}},
    {"AU", {{0, 4, ".snd"}, {0, 0, NULL}}},
    /* Sony Wave64: the GUID of its "riff" chunk (first 12 bytes). */
    {"W64", {{0, 12, "riff\x2e\x91\xcf\x11\xa5\xd6\x28\xdb"}, {0, 0, NULL}}},
};

/* MPEG audio frame sync: 11 set bits, a valid version and layer. */
static int mpeg_sync(const uint8_t *h, size_t len)
{
	if (len < 1)
		return 0;
	if (h[0] != 0xFF)
		return -1;
	if (len < 2)
		return 0;
	if ((h[1] & 0xE0) != 0xE0)
		return -1;
	unsigned version = (h[1] >> 3) & 3, layer = (h[1] >> 1) & 3;
	return (version != 1 && layer != 0) ? 1 : -1;
}

/* 1 matches, 0 consistent so far but too short to tell, -1 differs. */
static int magic_match(const struct audio_magic *m, const uint8_t *h,
		       size_t len)
{
	int result = 1;
	for (size_t p = 0; p < 2 && m->part[p].bytes; p++) {
		const struct signature *s = &m->part[p];
		for (unsigned i = 0; i < s->len; i++) {
			size_t at = s->offset + i;
			if (at >= len) {
				result = 0;
				break;
			}
			if (h[at] != (uint8_t)s->bytes[i])
				return -1;
		}
	}
	return result;
}

/* "'Hell'" for printable bytes, "bytes 7f 45 4c 46" otherwise. */
static void describe_start(const uint8_t *head, size_t len, char *out,
			   size_t out_len)
{
	size_t n = len < 4 ? len : 4;
	bool printable = n > 0;
	for (size_t i = 0; i < n; i++)
		if (head[i] < 0x20 || head[i] > 0x7e)
			printable = false;
	if (printable) {
		snprintf(out, out_len, "'%.*s'", (int)n, (const char *)head);
		return;
	}
	int w = snprintf(out, out_len, "bytes");
	for (size_t i = 0; i < n && w > 0 && (size_t)w < out_len; i++)
		w += snprintf(out + w, out_len - (size_t)w, " %02x", head[i]);
}

enum intake_verdict intake_check_header(const uint8_t *head, size_t len,
					char *why, size_t why_len)
{
	bool undecided = false;
	for (size_t i = 0; i < sizeof(magics) / sizeof(magics[0]); i++) {
		int r = magic_match(&magics[i], head, len);
		if (r > 0)
			return INTAKE_LOOKS_OK;
		if (r == 0)
			undecided = true;
	}
	int r = mpeg_sync(head, len);
	if (r > 0)
		return INTAKE_LOOKS_OK;
	if (r == 0)
		undecided = true;
	if (undecided && len < INTAKE_JUDGE_BYTES)
		return INTAKE_NEED_MORE;
	if (why && why_len > 0) {
		char start[32];
		describe_start(head, len, start, sizeof(start));
		snprintf(why, why_len, "not an audio file (starts with %s)",
			 start);
	}
	return INTAKE_NOT_AUDIO;
}

/* ---- describing what libsndfile sees ------------------------------------- */

/* Name of a libsndfile format code, up to the first " (". */
static void sf_format_name(int format, char *out, size_t out_len)
{
	SF_FORMAT_INFO fi = {.format = format};
	if (sf_command(NULL, SFC_GET_FORMAT_INFO, &fi, sizeof(fi)) != 0 ||
	    !fi.name) {
		snprintf(out, out_len, "format 0x%x", (unsigned)format);
		return;
	}
	const char *paren = strstr(fi.name, " (");
	int n = paren ? (int)(paren - fi.name) : (int)strlen(fi.name);
	snprintf(out, out_len, "%.*s", n, fi.name);
}

static const char *sample_desc(int subtype)
{
	switch (subtype) {
	case SF_FORMAT_PCM_S8:
	case SF_FORMAT_PCM_U8:
		return "8-bit";
	case SF_FORMAT_PCM_16:
		return "16-bit";
	case SF_FORMAT_PCM_24:
		return "24-bit";
	case SF_FORMAT_PCM_32:
		return "32-bit";
	case SF_FORMAT_FLOAT:
		return "32-bit float";
	case SF_FORMAT_DOUBLE:
		return "64-bit float";
	case SF_FORMAT_VORBIS:
		return "Vorbis";
	case SF_FORMAT_OPUS:
		return "Opus";
	case SF_FORMAT_MPEG_LAYER_I:
		return "MPEG Layer I";
	case SF_FORMAT_MPEG_LAYER_II:
		return "MPEG Layer II";
	case SF_FORMAT_MPEG_LAYER_III:
		return "MP3";
	default:
		return NULL;
	}
}

static const char *container_name(int major)
{
	switch (major) {
	case SF_FORMAT_WAV:
	case SF_FORMAT_WAVEX:
		return "WAV";
	case SF_FORMAT_RF64:
		return "RF64";
	case SF_FORMAT_W64:
		return "W64";
	case SF_FORMAT_AIFF:
		return "AIFF";
	case SF_FORMAT_AU:
		return "AU";
	case SF_FORMAT_CAF:
		return "CAF";
	case SF_FORMAT_FLAC:
		return "FLAC";
	case SF_FORMAT_OGG:
		return "Ogg";
	case SF_FORMAT_MPEG:
		return ""; /* "MP3" says it all */
	default:
		return NULL;
	}
}

/* "48000 Hz mono 24-bit FLAC", "44100 Hz stereo Ogg Vorbis". */
static void describe_sf_info(const SF_INFO *info, char *out, size_t out_len)
{
	int major = info->format & SF_FORMAT_TYPEMASK;
	int subtype = info->format & SF_FORMAT_SUBMASK;
	char chans[24], sub[64], cont[64];
	if (info->channels == 1)
		snprintf(chans, sizeof(chans), "mono");
	else if (info->channels == 2)
		snprintf(chans, sizeof(chans), "stereo");
	else
		snprintf(chans, sizeof(chans), "%d-channel", info->channels);
	const char *s = sample_desc(subtype);
	if (s)
		snprintf(sub, sizeof(sub), "%s", s);
	else
		sf_format_name(subtype, sub, sizeof(sub));
	const char *c = container_name(major);
	if (c)
		snprintf(cont, sizeof(cont), "%s", c);
	else
		sf_format_name(major, cont, sizeof(cont));
	bool codec = subtype == SF_FORMAT_VORBIS || subtype == SF_FORMAT_OPUS;
	int n;
	if (codec) /* "Ogg Vorbis" reads better than "Vorbis Ogg" */
		n = snprintf(out, out_len, "%d Hz %s %s %s", info->samplerate,
			     chans, cont, sub);
	else
		n = snprintf(out, out_len, "%d Hz %s %s%s%s", info->samplerate,
			     chans, sub, cont[0] ? " " : "", cont);
	if (n < 0 && out_len > 0)
		out[0] = '\0';
	/* A longer description is cut to fit: it is only for the log. */
}

/* ---- the RIFF chunk list ------------------------------------------------- */

struct wav_fmt {
	uint16_t tag;	    /* 1 PCM, 0xFFFE extensible */
	uint16_t subformat; /* extensible: first two bytes of the GUID */
	bool subformat_guid_ok;
	uint16_t channels;
	uint32_t rate;
	uint16_t block_align;
	uint16_t bits;
};

struct wav_layout {
	bool have_fmt, have_data;
	struct wav_fmt fmt;
	uint64_t data_offset;
	uint64_t data_bytes; /* as the header says */
};

#define WAVE_FORMAT_PCM 0x0001
#define WAVE_FORMAT_EXTENSIBLE 0xFFFE

/* KSDATAFORMAT_SUBTYPE_PCM after its first two bytes (the format tag). */
static const uint8_t ks_guid_tail[14] = {0x00, 0x00, 0x00, 0x00, 0x10,
					 0x00, 0x80, 0x00, 0x00, 0xAA,
					 0x00, 0x38, 0x9B, 0x71};

static uint16_t le16(const uint8_t *p)
{
	return (uint16_t)(p[0] | (p[1] << 8));
}

static uint32_t le32(const uint8_t *p)
{
	return (uint32_t)p[0] | ((uint32_t)p[1] << 8) | ((uint32_t)p[2] << 16) |
	       ((uint32_t)p[3] << 24);
}

static uint64_t le64(const uint8_t *p)
{
	return (uint64_t)le32(p) | ((uint64_t)le32(p + 4) << 32);
}

/* Reads exactly n bytes at off; returns n, fewer at EOF, or -errno. */
static ssize_t read_at(int fd, uint64_t off, void *buf, size_t n)
{
	size_t done = 0;
	while (done < n) {
		ssize_t r = pread(fd, (char *)buf + done, n - done,
				  (off_t)(off + done));
		if (r < 0) {
			if (errno == EINTR)
				continue;
			return -errno;
		}
		if (r == 0)
			break;
		done += (size_t)r;
	}
	return (ssize_t)done;
}

static void parse_fmt(const uint8_t *b, size_t n, struct wav_fmt *f)
{
	f->tag = le16(b);
	f->channels = le16(b + 2);
	f->rate = le32(b + 4);
	f->block_align = le16(b + 12);
	f->bits = le16(b + 14);
	if (f->tag == WAVE_FORMAT_EXTENSIBLE && n >= 40 && le16(b + 16) >= 22) {
		f->subformat = le16(b + 24);
		f->subformat_guid_ok =
		    memcmp(b + 26, ks_guid_tail, sizeof(ks_guid_tail)) == 0;
	}
}

/*
 * Walks the chunks of a RIFF/RF64 WAVE file of file_size bytes.  Returns
 * 0 (lay says what was found), -EINVAL with a reason, or -errno.
 */
static int wav_walk(int fd, uint64_t file_size, bool rf64,
		    struct wav_layout *lay, char *why, size_t why_len)
{
	uint64_t off = 12, ds64_data = 0;
	bool have_ds64 = false;
	memset(lay, 0, sizeof(*lay));
	while (off + 8 <= file_size && !(lay->have_fmt && lay->have_data)) {
		uint8_t h[8];
		ssize_t r = read_at(fd, off, h, sizeof(h));
		if (r < 0)
			return (int)r;
		if (r < 8)
			break;
		uint64_t size = le32(h + 4);
		uint64_t body = off + 8;
		if (memcmp(h, "ds64", 4) == 0 && size >= 24) {
			uint8_t d[24];
			if ((r = read_at(fd, body, d, sizeof(d))) < 0)
				return (int)r;
			if (r == 24) {
				ds64_data = le64(d + 8);
				have_ds64 = true;
			}
		} else if (memcmp(h, "fmt ", 4) == 0) {
			uint8_t f[40] = {0};
			if (size < 16) {
				snprintf(why, why_len,
					 "not a valid WAV file: 'fmt ' chunk "
					 "of %llu bytes",
					 (unsigned long long)size);
				return -EINVAL;
			}
			size_t want =
			    size < sizeof(f) ? (size_t)size : sizeof(f);
			if ((r = read_at(fd, body, f, want)) < 0)
				return (int)r;
			if ((size_t)r < want)
				break; /* cut off inside the chunk */
			parse_fmt(f, want, &lay->fmt);
			lay->have_fmt = true;
		} else if (memcmp(h, "data", 4) == 0) {
			lay->have_data = true;
			lay->data_offset = body;
			if (size == 0xFFFFFFFFu && rf64 && have_ds64)
				size = ds64_data;
			else if (size == 0xFFFFFFFFu)
				/* Written by a stream: the data runs to EOF. */
				size = file_size - body;
			lay->data_bytes = size;
		}
		off = body + size + (size & 1);
	}
	if (!lay->have_fmt && !lay->have_data) {
		snprintf(why, why_len,
			 "not a valid WAV file: no 'fmt ' or 'data' chunk "
			 "(truncated?)");
		return -EINVAL;
	}
	if (!lay->have_fmt) {
		snprintf(why, why_len, "not a valid WAV file: no 'fmt ' chunk");
		return -EINVAL;
	}
	if (!lay->have_data) {
		snprintf(why, why_len,
			 "truncated: the file ends before its 'data' chunk");
		return -EINVAL;
	}
	return 0;
}

static bool fmt_is_cdda(const struct wav_fmt *f)
{
	bool pcm = f->tag == WAVE_FORMAT_PCM ||
		   (f->tag == WAVE_FORMAT_EXTENSIBLE &&
		    f->subformat == WAVE_FORMAT_PCM && f->subformat_guid_ok);
	return pcm && f->channels == 2 && f->rate == 44100 && f->bits == 16 &&
	       f->block_align == 4;
}

/* Describes a WAV format from its 'fmt ' chunk, when libsndfile cannot. */
static void describe_fmt(const struct wav_fmt *f, char *out, size_t out_len)
{
	const char *ch = f->channels == 1   ? "mono"
			 : f->channels == 2 ? "stereo"
					    : NULL;
	char chans[24];
	if (ch)
		snprintf(chans, sizeof(chans), "%s", ch);
	else
		snprintf(chans, sizeof(chans), "%u-channel",
			 (unsigned)f->channels);
	snprintf(out, out_len, "%lu Hz %s %u-bit WAV, format tag 0x%04x",
		 (unsigned long)f->rate, chans, (unsigned)f->bits,
		 (unsigned)(f->tag == WAVE_FORMAT_EXTENSIBLE ? f->subformat
							     : f->tag));
}

/* ---- the complete file --------------------------------------------------- */

/* Opens fd with libsndfile (fd stays ours).  NULL with why on failure. */
static SNDFILE *open_sndfile(int fd, SF_INFO *info, char *why, size_t why_len)
{
	memset(info, 0, sizeof(*info));
	if (lseek(fd, 0, SEEK_SET) < 0) {
		snprintf(why, why_len, "cannot seek: %s", strerror(errno));
		return NULL;
	}
	SNDFILE *snd = sf_open_fd(fd, SFM_READ, info, 0);
	if (!snd)
		snprintf(why, why_len, "cannot be decoded: %s",
			 sf_strerror(NULL));
	return snd;
}

/*
 * Title, artist and album from libsndfile (the string API: WAV INFO,
 * AIFF, ID3 of MP3), then the Vorbis comments for what it lacks and for
 * album artist, composer, songwriter and ISRC, which it does not give.
 */
static void read_tags(int fd, SNDFILE *snd, struct intake_result *out)
{
	const char *t = sf_get_string(snd, SF_STR_TITLE);
	const char *a = sf_get_string(snd, SF_STR_ARTIST);
	const char *al = sf_get_string(snd, SF_STR_ALBUM);
	if (t)
		snprintf(out->title, sizeof(out->title), "%s", t);
	if (a)
		snprintf(out->artist, sizeof(out->artist), "%s", a);
	if (al)
		snprintf(out->album, sizeof(out->album), "%s", al);
	struct audio_tags tags;
	memset(&tags, 0, sizeof(tags));
	memcpy(tags.title, out->title, sizeof(tags.title));
	memcpy(tags.artist, out->artist, sizeof(tags.artist));
	memcpy(tags.album, out->album, sizeof(tags.album));
	if (audio_tags_read(fd, &tags) == 0) {
		memcpy(out->title, tags.title, sizeof(out->title));
		memcpy(out->artist, tags.artist, sizeof(out->artist));
		memcpy(out->album, tags.album, sizeof(out->album));
		memcpy(out->album_artist, tags.album_artist,
		       sizeof(out->album_artist));
		memcpy(out->composer, tags.composer, sizeof(out->composer));
		memcpy(out->songwriter, tags.songwriter,
		       sizeof(out->songwriter));
		memcpy(out->isrc, tags.isrc, sizeof(out->isrc));
	}
}

/*
 * Audio that is not CD format: libsndfile must open it; the decoding
 * itself happens in intake_convert.
 */
static int probe_for_conversion(int fd, struct intake_result *out, char *why,
				size_t why_len)
{
	SF_INFO info;
	SNDFILE *snd = open_sndfile(fd, &info, why, why_len);
	if (!snd)
		return -EINVAL;
	int rc = 0;
	if (info.channels < 1 || info.samplerate < 1) {
		snprintf(why, why_len,
			 "cannot be decoded: %d channels at %d Hz",
			 info.channels, info.samplerate);
		rc = -EINVAL;
	} else {
		describe_sf_info(&info, out->description,
				 sizeof(out->description));
		out->convert = true;
		read_tags(fd, snd, out);
	}
	sf_close(snd);
	return rc;
}

static int check_wav(int fd, uint64_t file_size, bool rf64,
		     struct intake_result *out, char *why, size_t why_len)
{
	struct wav_layout lay;
	int rc = wav_walk(fd, file_size, rf64, &lay, why, why_len);
	if (rc < 0)
		return rc;
	uint64_t have = file_size - lay.data_offset;
	if (lay.data_bytes > have) {
		snprintf(why, why_len,
			 "truncated: header promises %llu bytes of audio, "
			 "file has %llu",
			 (unsigned long long)lay.data_bytes,
			 (unsigned long long)have);
		return -EINVAL;
	}
	if (!fmt_is_cdda(&lay.fmt)) {
		rc = probe_for_conversion(fd, out, why, why_len);
		if (rc == -EINVAL) {
			/* Say what the header claims libsndfile cannot read. */
			char desc[128], reason[160];
			describe_fmt(&lay.fmt, desc, sizeof(desc));
			snprintf(reason, sizeof(reason), "%s", why);
			snprintf(why, why_len, "%s (%s)", reason, desc);
		}
		return rc;
	}
	if (lay.data_bytes % 4 != 0) {
		snprintf(why, why_len,
			 "truncated: %llu bytes of audio end inside a stereo "
			 "frame (not a multiple of 4)",
			 (unsigned long long)lay.data_bytes);
		return -EINVAL;
	}
	if (lay.data_bytes == 0) {
		snprintf(why, why_len,
			 "contains no audio (empty 'data' chunk)");
		return -EINVAL;
	}

	uint64_t frames = lay.data_bytes / 4;
	SF_INFO info;
	SNDFILE *snd = open_sndfile(fd, &info, why, why_len);
	if (!snd)
		return -EINVAL;
	int subtype = info.format & SF_FORMAT_SUBMASK;
	if (info.samplerate != 44100 || info.channels != 2 ||
	    subtype != SF_FORMAT_PCM_16) {
		char desc[128];
		describe_sf_info(&info, desc, sizeof(desc));
		snprintf(why, why_len,
			 "cannot be decoded consistently: the header says "
			 "44.1 kHz 16-bit stereo, the decoder %s",
			 desc);
		sf_close(snd);
		return -EINVAL;
	}
	if ((uint64_t)info.frames != frames) {
		snprintf(why, why_len,
			 "cannot be decoded consistently: the header says %llu "
			 "stereo frames, the decoder %lld",
			 (unsigned long long)frames, (long long)info.frames);
		sf_close(snd);
		return -EINVAL;
	}
	/*
	 * Raw 16-bit PCM: every byte the header promises is in the file
	 * (checked above) and libsndfile reads the same layout, so decoding
	 * it through would only copy it once more; the burn reads it as it is.
	 */
	read_tags(fd, snd, out);
	sf_close(snd);

	out->pcm_offset = lay.data_offset;
	out->pcm_bytes = lay.data_bytes;
	out->frames = frames;
	uint64_t tenths = frames / 4410; /* 44100 frames/s, in 0.1 s */
	snprintf(out->description, sizeof(out->description),
		 "%s 44100 Hz 16-bit stereo, %llu:%02llu.%llu",
		 rf64 ? "RF64" : "WAV", (unsigned long long)(tenths / 600),
		 (unsigned long long)(tenths / 10 % 60),
		 (unsigned long long)(tenths % 10));
	return 0;
}

int intake_finish(const char *path, struct intake_result *out, char *why,
		  size_t why_len)
{
	char dummy[1];
	if (!why || why_len == 0) {
		why = dummy;
		why_len = sizeof(dummy);
	}
	why[0] = '\0';
	memset(out, 0, sizeof(*out));

	int fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0) {
		int e = errno;
		snprintf(why, why_len, "cannot open: %s", strerror(e));
		return -e;
	}
	int rc;
	struct stat st;
	if (fstat(fd, &st) < 0) {
		rc = -errno;
		snprintf(why, why_len, "cannot stat: %s", strerror(-rc));
		goto done;
	}
	uint8_t head[16];
	ssize_t n = read_at(fd, 0, head, sizeof(head));
	if (n < 0) {
		rc = (int)n;
		snprintf(why, why_len, "cannot read: %s", strerror(-rc));
		goto done;
	}
	switch (intake_check_header(head, (size_t)n, why, why_len)) {
	case INTAKE_NOT_AUDIO:
		rc = -EINVAL;
		goto done;
	case INTAKE_NEED_MORE:
		snprintf(why, why_len,
			 "not an audio file (only %zd bytes long)", n);
		rc = -EINVAL;
		goto done;
	case INTAKE_LOOKS_OK:
		break;
	}
	bool riff = n >= 12 && memcmp(head, "RIFF", 4) == 0 &&
		    memcmp(head + 8, "WAVE", 4) == 0;
	bool rf64 =
	    n >= 12 &&
	    (memcmp(head, "RF64", 4) == 0 || memcmp(head, "BW64", 4) == 0) &&
	    memcmp(head + 8, "WAVE", 4) == 0;
	if (riff || rf64)
		rc = check_wav(fd, (uint64_t)st.st_size, rf64, out, why,
			       why_len);
	else
		rc = probe_for_conversion(fd, out, why, why_len);
done:
	close(fd);
	return rc;
}
