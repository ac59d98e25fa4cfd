/*
 * test_cue_write.c - cue sheet entries as toc.cue and IMAGE.cue write
 * them: strings with quotes and line breaks, texts, flags, ISRC, index
 * points; a buffer too small; and what is written parses back.
 */
#include "cue_write.h"

#include <string.h>

#include "check.h"
#include "q_control.h"

int main(void)
{
	char buf[512];
	CHECK_EQ(cue_write_string(buf, sizeof(buf), "a \"b\"\nc"), 9);
	CHECK_STR(buf, "\"a 'b' c\"");

	const char *disc[CUE_TEXTS] = {
	    [CUE_TITLE] = "Album", [CUE_PERFORMER] = "Caf\xC3\xA9"};
	int n = cue_write_texts(buf, sizeof(buf), 0, disc);
	CHECK_STR(buf, "TITLE \"Album\"\nPERFORMER \"Caf\xC3\xA9\"\n");
	CHECK_EQ(n, (int)strlen(buf));

	int32_t more[] = {1000, 1200};
	struct cue_write_track t = {
	    .number = 2,
	    .text = {[CUE_TITLE] = "Two", [CUE_SONGWRITER] = ""},
	    .ctl = Q_CTL_COPY_PERMITTED | Q_CTL_PRE_EMPHASIS,
	    .isrc = "USABC2600002",
	    .index0 = 600,
	    .index1 = 750,
	    .n_index = 2,
	    .index = more,
	};
	n = cue_write_track(buf, sizeof(buf), &t);
	CHECK_STR(buf, "  TRACK 02 AUDIO\n"
		       "    TITLE \"Two\"\n"
		       "    FLAGS DCP PRE\n"
		       "    ISRC USABC2600002\n"
		       "    INDEX 00 00:08:00\n"
		       "    INDEX 01 00:10:00\n"
		       "    INDEX 02 00:13:25\n"
		       "    INDEX 03 00:16:00\n");
	CHECK_EQ(n, (int)strlen(buf));
	CHECK_EQ(cue_write_track(buf, 40, &t), -1);

	/* What is written, after a FILE line, parses back. */
	char sheet[600] = "FILE \"disc.bin\" BINARY\n";
	size_t at = strlen(sheet);
	struct cue_write_track one = {.number = 1, .index0 = -1, .index1 = 0};
	at += (size_t)cue_write_track(sheet + at, sizeof(sheet) - at, &one);
	at += (size_t)cue_write_track(sheet + at, sizeof(sheet) - at, &t);
	struct cue_sheet *s = cue_parse(sheet, at);
	CHECK(s && !s->failed);
	if (s && !s->failed) {
		CHECK_EQ(s->n_tracks, 2);
		CHECK_STR(s->track[1].text[CUE_TITLE], "Two");
		CHECK_STR(s->track[1].isrc, "USABC2600002");
		CHECK_EQ(s->track[1].q_control,
			 Q_CTL_COPY_PERMITTED | Q_CTL_PRE_EMPHASIS);
		CHECK_EQ(cue_track_index(&s->track[1], 2)->frame, 1000);
	}
	cue_free(s);
	return check_finish();
}
