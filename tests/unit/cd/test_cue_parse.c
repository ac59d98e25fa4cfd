/*
 * test_cue_parse.c - the cue sheet parser on sheets as rippers write them
 * (EAC single file, one file per track, EAC's gaps appended to the
 * previous track, hidden track one audio, cdrdao's toc2cue), quoting,
 * CRLF, a byte order mark, encodings, every error with its line and
 * sentence, the warnings, and a few thousand mutated sheets.
 */
#include "cue_parse.h"

#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "q_control.h"

static struct cue_sheet *parse(const char *text)
{
	return cue_parse(text, strlen(text));
}

#define F(m, s, f) (((m)*60 + (s)) * 75 + (f))

/* EAC, one file for the album, CRLF, a UTF-8 byte order mark. */
static void test_eac_single_file(void)
{
	const char *text = "\xEF\xBB\xBFREM GENRE \"Classical\"\r\n"
			   "REM DATE 1998\r\n"
			   "REM DISCID 8A0B4C0D\r\n"
			   "REM COMMENT \"ExactAudioCopy v1.6\"\r\n"
			   "REM REPLAYGAIN_ALBUM_GAIN -7.50 dB\r\n"
			   "CATALOG 0724356789012\r\n"
			   "PERFORMER \"Orchestre de la Suisse Romande\"\r\n"
			   "TITLE \"Ravel: Bol\xC3\xA9ro\"\r\n"
			   "FILE \"Ravel - Bol\xC3\xA9ro.flac\" WAVE\r\n"
			   "  TRACK 01 AUDIO\r\n"
			   "    TITLE \"Bol\xC3\xA9ro\"\r\n"
			   "    PERFORMER \"OSR\"\r\n"
			   "    SONGWRITER \"Maurice Ravel\"\r\n"
			   "    ISRC FRZ039800212\r\n"
			   "    INDEX 01 00:00:00\r\n"
			   "  TRACK 02 AUDIO\r\n"
			   "    TITLE \"La Valse\"\r\n"
			   "    FLAGS DCP PRE\r\n"
			   "    INDEX 00 15:02:40\r\n"
			   "    INDEX 01 15:04:40\r\n"
			   "    INDEX 02 20:00:00\r\n"
			   "  TRACK 03 AUDIO\r\n"
			   "    INDEX 01 27:31:00\r\n";
	struct cue_sheet *s = parse(text);
	CHECK(!s->failed);
	CHECK_STR(s->error.text, "");
	CHECK(s->bom);
	CHECK_EQ(s->encoding, CUE_UTF8);
	CHECK_STR(s->catalog, "0724356789012");
	CHECK_STR(s->text[CUE_TITLE], "Ravel: Bol\xC3\xA9ro");
	CHECK_STR(s->text[CUE_PERFORMER], "Orchestre de la Suisse Romande");
	CHECK_EQ(s->n_rems, 4);
	CHECK_STR(s->rem[0].key, "GENRE");
	CHECK_STR(s->rem[0].value, "Classical");
	CHECK_STR(s->rem[1].value, "1998");
	CHECK_STR(s->rem[2].key, "DISCID");
	CHECK_STR(s->rem[3].value, "ExactAudioCopy v1.6");
	CHECK_EQ(s->n_files, 1);
	CHECK_STR(s->file[0].name, "Ravel - Bol\xC3\xA9ro.flac");
	CHECK_EQ(s->file[0].type, CUE_FILE_WAVE);
	CHECK_EQ(s->file[0].line, 9);
	CHECK_EQ(s->n_tracks, 3);
	const struct cue_track *t = &s->track[0];
	CHECK_EQ(t->number, 1);
	CHECK_EQ(t->line, 10);
	CHECK_STR(t->text[CUE_TITLE], "Bol\xC3\xA9ro");
	CHECK_STR(t->text[CUE_SONGWRITER], "Maurice Ravel");
	CHECK_STR(t->isrc, "FRZ039800212");
	CHECK_EQ(t->n_index, 1);
	CHECK_EQ(t->index[0].number, 1);
	CHECK_EQ(t->index[0].frame, 0);
	t = &s->track[1];
	CHECK_EQ(t->q_control, Q_CTL_COPY_PERMITTED | Q_CTL_PRE_EMPHASIS);
	CHECK(!t->scms);
	CHECK_EQ(t->n_index, 3);
	CHECK_EQ(cue_track_index(t, 0)->frame, F(15, 2, 40));
	CHECK_EQ(cue_track_index(t, 1)->frame, F(15, 4, 40));
	CHECK_EQ(cue_track_index(t, 2)->frame, F(20, 0, 0));
	CHECK_EQ(cue_track_index(t, 2)->line, 21);
	CHECK(cue_track_index(t, 3) == NULL);
	CHECK_STR(t->text[CUE_PERFORMER], "");
	CHECK_EQ(s->track[2].index[0].frame, F(27, 31, 0));
	CHECK_EQ(s->n_warnings, 0);
	cue_free(s);
}

/* One file per track, pregaps at the start of the track's own file. */
static void test_file_per_track(void)
{
	const char *text = "TITLE \"Live\"\n"
			   "FILE \"01 - Intro.wav\" WAVE\n"
			   "TRACK 01 AUDIO\n"
			   "INDEX 01 00:00:00\n"
			   "FILE \"02 - Song.wav\" WAVE\n"
			   "TRACK 02 AUDIO\n"
			   "INDEX 00 00:00:00\n"
			   "INDEX 01 00:03:00\n"
			   "FILE \"03 - Encore.wav\" WAVE\n"
			   "TRACK 03 AUDIO\n"
			   "PREGAP 00:02:00\n"
			   "INDEX 01 00:00:00\n"
			   "POSTGAP 00:01:00\n";
	struct cue_sheet *s = parse(text);
	CHECK(!s->failed);
	CHECK_EQ(s->encoding, CUE_ASCII);
	CHECK_EQ(s->n_files, 3);
	CHECK_EQ(s->track[1].file, 1);
	CHECK_EQ(s->track[1].index[0].file, 1);
	CHECK_EQ(s->track[1].index[1].frame, 225);
	CHECK_EQ(s->track[2].pregap, 150);
	CHECK_EQ(s->track[2].postgap, 75);
	CHECK_EQ(s->track[2].file, 2);
	cue_free(s);
}

/*
 * EAC's default ("gaps appended to the previous track") and whipper's:
 * INDEX 00 of track 2 lies at the end of track 1's file.
 */
static void test_gaps_in_previous_file(void)
{
	const char *text = "FILE \"01.flac\" WAVE\n"
			   "  TRACK 01 AUDIO\n"
			   "    INDEX 01 00:00:00\n"
			   "  TRACK 02 AUDIO\n"
			   "    INDEX 00 04:10:20\n"
			   "FILE \"02.flac\" WAVE\n"
			   "    INDEX 01 00:00:00\n"
			   "  TRACK 03 AUDIO\n"
			   "    INDEX 01 03:00:00\n";
	struct cue_sheet *s = parse(text);
	CHECK(!s->failed);
	CHECK_STR(s->error.text, "");
	const struct cue_track *t = &s->track[1];
	CHECK_EQ(t->n_index, 2);
	CHECK_EQ(cue_track_index(t, 0)->file, 0);
	CHECK_EQ(cue_track_index(t, 0)->frame, F(4, 10, 20));
	CHECK_EQ(cue_track_index(t, 1)->file, 1);
	CHECK_EQ(cue_track_index(t, 1)->frame, 0);
	CHECK_EQ(t->file, 1);
	CHECK_EQ(s->track[2].file, 1);
	cue_free(s);
}

/* Hidden track one audio, in the album's file and in a file of its own. */
static void test_hidden_track_one(void)
{
	struct cue_sheet *s = parse("FILE album.wav WAVE\n"
				    "TRACK 01 AUDIO\n"
				    "INDEX 00 00:00:00\n"
				    "INDEX 01 00:32:10\n");
	CHECK(!s->failed);
	CHECK_EQ(cue_track_index(&s->track[0], 0)->frame, 0);
	CHECK_EQ(cue_track_index(&s->track[0], 1)->frame, F(0, 32, 10));
	CHECK_STR(s->file[0].name, "album.wav");
	cue_free(s);

	s = parse("FILE \"00. Hidden Track One Audio.flac\" WAVE\n"
		  "  TRACK 01 AUDIO\n"
		  "    INDEX 00 00:00:00\n"
		  "FILE \"01. First.flac\" WAVE\n"
		  "    INDEX 01 00:00:00\n");
	CHECK(!s->failed);
	CHECK_EQ(cue_track_index(&s->track[0], 0)->file, 0);
	CHECK_EQ(cue_track_index(&s->track[0], 1)->file, 1);
	cue_free(s);
}

/* Names, quoting, case, types, Latin-1, what cdrdao's toc2cue writes. */
static void test_names_and_words(void)
{
	struct cue_sheet *s = parse("file my album (live).bin binary\n"
				    "track 1 audio\n"
				    "index 1 0:0:0\n"
				    "Title \"Caf\xE9 \"society\"\"\n"
				    "Performer Some Band   \n"
				    "FILE \"b.mp3\" MP3\n"
				    "TRACK 02 AUDIO\n"
				    "INDEX 01 00:00:00\n"
				    "FILE \"c.raw\" MOTOROLA\n"
				    "TRACK 03 AUDIO\n"
				    "INDEX 01 00:00:00\n"
				    "FILE \"d.ogg\" OGG\n"
				    "TRACK 04 AUDIO\n"
				    "FLAGS SCMS 4CH DATA\n"
				    "INDEX 01 00:00:00\n");
	CHECK(!s->failed);
	CHECK_STR(s->file[0].name, "my album (live).bin");
	CHECK_EQ(s->file[0].type, CUE_FILE_BINARY);
	CHECK_STR(s->file[0].type_word, "binary");
	CHECK_EQ(s->file[1].type, CUE_FILE_MP3);
	CHECK_EQ(s->file[2].type, CUE_FILE_MOTOROLA);
	CHECK_EQ(s->file[3].type, CUE_FILE_OTHER);
	CHECK_STR(s->file[3].type_word, "OGG");
	CHECK_STR(s->track[0].text[CUE_TITLE], "Caf\xE9 \"society\"");
	CHECK_STR(s->track[0].text[CUE_PERFORMER], "Some Band");
	CHECK_EQ(s->encoding, CUE_LATIN1);
	CHECK(s->track[3].scms);
	CHECK_EQ(s->track[3].q_control, Q_CTL_FOUR_CHANNEL);
	CHECK_EQ(s->n_warnings, 2);
	CHECK_STR(s->warning[0].text,
		  "line 12: FILE type OGG is not one of WAVE, BINARY, "
		  "MOTOROLA, AIFF, MP3, FLAC; the file is read for what it is");
	CHECK_STR(s->warning[1].text, "line 14: unknown flag DATA ignored");
	cue_free(s);

	/* toc2cue: no quotes around the type-less words, a lone LF end */
	s = parse("CATALOG 0000000000000\nFILE \"data.wav\" WAVE\n\n"
		  "TRACK 01 AUDIO\nFLAGS DCP\nINDEX 01 00:00:00\n"
		  "TRACK 02 AUDIO\nPREGAP 00:02:00\nINDEX 01 03:00:00");
	CHECK(!s->failed);
	CHECK_EQ(s->track[1].pregap, 150);
	CHECK_EQ(s->track[1].index[0].line, 9);
	cue_free(s);
}

static void test_warnings(void)
{
	struct cue_sheet *s = parse("CDTEXTFILE \"x.cdt\"\n"
				    "ARRANGER \"someone\"\n"
				    "CATALOG 12345\n"
				    "FILE \"a.wav\" WAVE\n"
				    "TRACK 01 AUDIO\n"
				    "ISRC US-ABC-98-00001\n"
				    "ISRC 123456789012\n"
				    "REM GENRE Rock\n"
				    "INDEX 01 00:00:00\n");
	CHECK(!s->failed);
	CHECK_EQ(s->n_warnings, 5);
	CHECK_STR(s->warning[0].text, "line 1: CDTEXTFILE ignored: CD-TEXT "
				      "comes from TITLE, PERFORMER and "
				      "SONGWRITER");
	CHECK_STR(s->warning[1].text,
		  "line 2: unknown keyword ARRANGER ignored");
	CHECK_STR(s->warning[2].text,
		  "line 3: CATALOG \"12345\" is not 13 digits; ignored");
	CHECK_STR(s->warning[3].text,
		  "line 6: ISRC \"US-ABC-98-00001\" is not 12 letters and "
		  "digits; ignored");
	CHECK_STR(s->warning[4].text,
		  "line 7: ISRC \"123456789012\" is not of the form "
		  "CCOOOYYNNNNN; ignored");
	CHECK_EQ(s->n_rems, 0); /* a track's REM is not the disc's */
	CHECK_STR(s->track[0].isrc, "");
	CHECK_STR(s->catalog, "");
	cue_free(s);

	/* a title longer than 255 bytes is cut; warnings are bounded */
	char *text = malloc(64 * 1024);
	char *p = text;
	p += sprintf(p, "TITLE \"");
	for (int i = 0; i < 300; i++)
		*p++ = 'x';
	p += sprintf(p, "\"\nFILE a.wav WAVE\nTRACK 01 AUDIO\n");
	for (int i = 0; i < 40; i++)
		p += sprintf(p, "FOO %d\n", i);
	p += sprintf(p, "INDEX 01 00:00:00\n");
	s = parse(text);
	CHECK(!s->failed);
	CHECK_EQ(strlen(s->text[CUE_TITLE]), CUE_MAX_TEXT - 1);
	CHECK_STR(s->warning[0].text, "line 1: TITLE cut to 255 bytes");
	CHECK_EQ(s->n_warnings, CUE_MAX_WARNINGS);
	CHECK_EQ(s->warnings_dropped, 41 - CUE_MAX_WARNINGS);
	cue_free(s);
	free(text);
}

static void refused(const char *text, const char *why)
{
	struct cue_sheet *s = parse(text);
	CHECK(s->failed);
	CHECK_STR(s->error.text, why);
	cue_free(s);
}

static void test_errors(void)
{
	refused("FILE a.wav WAVE\nINDEX 01 00:00:00\n",
		"line 2: INDEX 01 before TRACK");
	refused("TRACK 01 AUDIO\n", "line 1: TRACK 01 before FILE");
	refused("FILE a.wav WAVE\nTRACK 05 AUDIO\nINDEX 01 00:00:00\n"
		"TRACK 03 AUDIO\n",
		"line 4: TRACK 03 after TRACK 05");
	refused("FILE a.wav WAVE\nTRACK 02 AUDIO\nINDEX 01 00:00:00\n"
		"TRACK 04 AUDIO\n",
		"line 4: TRACK 04 after TRACK 02: track numbers go up by one");
	refused("FILE a.bin BINARY\nTRACK 01 MODE1/2352\n",
		"line 2: TRACK 01 is MODE1/2352: only AUDIO tracks can be "
		"burnt to an audio CD");
	refused("FILE a.bin BINARY\nTRACK 01 VIDEO\n",
		"line 2: TRACK 01 has the unknown type VIDEO");
	refused("FILE a.wav WAVE\nTRACK 100 AUDIO\n",
		"line 2: TRACK 100: a CD has at most 99 tracks");
	refused("FILE a.wav WAVE\nTRACK 1x AUDIO\n",
		"line 2: TRACK needs a number from 01 to 99");
	refused("FILE a.wav WAVE\nTRACK 01 AUDIO\nINDEX 00 00:00:00\n"
		"TRACK 02 AUDIO\nINDEX 01 00:10:00\n",
		"line 2: TRACK 01 has no INDEX 01");
	refused("FILE a.wav WAVE\nTRACK 01 AUDIO\nTITLE x\n",
		"line 2: TRACK 01 has no INDEX 01");
	refused("FILE a.wav WAVE\nTRACK 01 AUDIO\nINDEX 01 00:10:00\n"
		"TRACK 02 AUDIO\nINDEX 01 00:09:74\n",
		"line 5: INDEX 01 at 00:09:74 is not after the index point "
		"before it (00:10:00) in the same FILE");
	refused("FILE a.wav WAVE\nTRACK 01 AUDIO\nINDEX 00 00:10:00\n"
		"INDEX 01 00:10:00\n",
		"line 4: INDEX 01 at 00:10:00 is not after the index point "
		"before it (00:10:00) in the same FILE");
	refused("FILE a.wav WAVE\nTRACK 01 AUDIO\nINDEX 01 00:00:00\n"
		"INDEX 03 01:00:00\n",
		"line 4: INDEX 03 after INDEX 01: index numbers go up by one");
	refused("FILE a.wav WAVE\nTRACK 01 AUDIO\nINDEX 02 00:00:00\n",
		"line 3: TRACK 01 starts with INDEX 02 (00 or 01 first)");
	refused("FILE a.wav WAVE\nTRACK 01 AUDIO\nINDEX 01 00:60:00\n",
		"line 3: INDEX 01 time \"00:60:00\" is not mm:ss:ff (seconds "
		"below 60, frames below 75)");
	refused("FILE a.wav WAVE\nTRACK 01 AUDIO\nINDEX 01 00:00:75\n",
		"line 3: INDEX 01 time \"00:00:75\" is not mm:ss:ff (seconds "
		"below 60, frames below 75)");
	refused("FILE a.wav WAVE\nTRACK 01 AUDIO\nINDEX 01 00:00\n",
		"line 3: INDEX 01 time \"00:00\" is not mm:ss:ff (seconds "
		"below 60, frames below 75)");
	refused("FILE a.wav WAVE\nTRACK 01 AUDIO\nINDEX 01 1:2:3:4\n",
		"line 3: INDEX 01 time \"1:2:3:4\" is not mm:ss:ff (seconds "
		"below 60, frames below 75)");
	refused("FILE a.wav WAVE\nTRACK 01 AUDIO\nINDEX 100 00:00:00\n",
		"line 3: INDEX needs a number from 00 to 99");
	refused("FILE a.wav WAVE\nTRACK 01 AUDIO\nINDEX 01 00:00:00\n"
		"PREGAP 00:02:00\n",
		"line 4: PREGAP after INDEX (it comes before the track's "
		"first INDEX)");
	refused("FILE a.wav WAVE\nTRACK 01 AUDIO\nPOSTGAP 00:02:00\n",
		"line 3: POSTGAP before INDEX 01 (it comes after the track's "
		"INDEX lines)");
	refused("FILE a.wav WAVE\nPREGAP 00:02:00\n",
		"line 2: PREGAP before TRACK");
	refused("FILE a.wav WAVE\nISRC USABC9800001\n",
		"line 2: ISRC before TRACK");
	refused("FILE a.wav WAVE\nFLAGS DCP\n", "line 2: FLAGS before TRACK");
	refused("FILE \"a.wav WAVE\n",
		"line 1: the FILE name has no closing quote");
	refused("FILE a.wav\n", "line 1: FILE needs a name and a type "
				"(FILE \"album.flac\" WAVE)");
	refused("FILE \"\" WAVE\n", "line 1: FILE with an empty name");
	refused("", "the cue sheet has no TRACK");
	refused("REM only\r\n\r\n", "the cue sheet has no TRACK");

	/* a NUL byte, a line too long */
	struct cue_sheet *s = cue_parse("FILE a\0b WAVE\n", 14);
	CHECK(s->failed);
	CHECK_STR(s->error.text, "line 1: a NUL byte: this is not a cue "
				 "sheet");
	cue_free(s);
	char *text = malloc(CUE_MAX_LINE + 64);
	memset(text, ' ', CUE_MAX_LINE + 64);
	memcpy(text, "REM\n", 4);
	s = cue_parse(text, CUE_MAX_LINE + 64);
	CHECK_STR(s->error.text, "line 2: longer than 4096 bytes");
	cue_free(s);
	/* exactly CUE_MAX_LINE bytes and a CR are fine */
	memcpy(text + 4 + CUE_MAX_LINE,
	       "\r\nFILE a WAVE\nTRACK 01 AUDIO\n"
	       "INDEX 01 00:00:00\n",
	       46);
	s = cue_parse(text, 4 + CUE_MAX_LINE + 46);
	CHECK(!s->failed);
	CHECK_STR(s->error.text, "");
	cue_free(s);
	free(text);
}

/* 99 tracks are fine, and the limits on files hold. */
static void test_limits(void)
{
	char *text = malloc(256 * 1024);
	char *p = text;
	for (int i = 1; i <= 99; i++)
		p += sprintf(p,
			     "FILE \"%02d.wav\" WAVE\nTRACK %02d AUDIO\n"
			     "INDEX 01 00:00:00\n",
			     i, i);
	struct cue_sheet *s = cue_parse(text, (size_t)(p - text));
	CHECK(!s->failed);
	CHECK_EQ(s->n_tracks, 99);
	CHECK_EQ(s->n_files, 99);
	cue_free(s);
	p += sprintf(p, "TRACK 100 AUDIO\n");
	s = cue_parse(text, (size_t)(p - text));
	CHECK_STR(s->error.text, "line 298: TRACK 100: a CD has at most 99 "
				 "tracks");
	cue_free(s);

	p = text;
	for (int i = 0; i <= CUE_MAX_FILES; i++)
		p += sprintf(p, "FILE \"%d.wav\" WAVE\n", i);
	s = cue_parse(text, (size_t)(p - text));
	CHECK_STR(s->error.text, "line 129: more than 128 FILEs");
	cue_free(s);
	free(text);
}

/* Mutated sheets: no crash, no read past the buffer (run under ASan). */
static void test_mutations(void)
{
	const char *base = "REM GENRE x\nCATALOG 0724356789012\n"
			   "FILE \"a b.wav\" WAVE\nTRACK 01 AUDIO\n"
			   "TITLE \"t\"\nFLAGS DCP\nISRC USABC9800001\n"
			   "INDEX 00 00:00:00\nINDEX 01 00:02:00\n"
			   "TRACK 02 AUDIO\nPREGAP 00:01:00\n"
			   "INDEX 01 03:00:00\nPOSTGAP 00:00:10\n";
	size_t n = strlen(base);
	char *buf = malloc(n);
	unsigned seed = 12345;
	unsigned ok = 0;
	for (int round = 0; round < 3000; round++) {
		memcpy(buf, base, n);
		for (int k = 0; k < 1 + round % 4; k++) {
			seed = seed * 1103515245u + 12345u;
			size_t at = (seed >> 8) % n;
			seed = seed * 1103515245u + 12345u;
			buf[at] = (char)(seed >> 16);
		}
		seed = seed * 1103515245u + 12345u;
		size_t len = round % 5 ? n : (seed >> 8) % n;
		/* an exact-size heap copy: ASan sees any overrun */
		char *exact = malloc(len ? len : 1);
		memcpy(exact, buf, len);
		struct cue_sheet *s = cue_parse(exact, len);
		if (!s->failed) {
			ok++;
			CHECK(s->n_tracks >= 1 && s->n_tracks <= 99);
		} else {
			CHECK(s->error.text[0] != '\0');
		}
		cue_free(s);
		free(exact);
	}
	CHECK(ok > 0);
	free(buf);
}

int main(void)
{
	test_eac_single_file();
	test_file_per_track();
	test_gaps_in_previous_file();
	test_hidden_track_one();
	test_names_and_words();
	test_warnings();
	test_errors();
	test_limits();
	test_mutations();
	return check_finish();
}
