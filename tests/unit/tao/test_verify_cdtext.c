/*
 * test_verify_cdtext.c - the CD-TEXT written compared with the CD-TEXT
 * read back, on packs made by cdtext_encode and altered as a misreading
 * drive would return them: equal texts in another form match; a changed,
 * missing or extra text is named with its track and both values (UTF-8,
 * control bytes escaped); no CD-TEXT at all, packs that do not decode,
 * and the cap on the sentences reported.
 */
#include "verify_cdtext.h"

#include <stdio.h>
#include <string.h>

#include "cdtext.h"
#include "check.h"

static char said[16][320];
static unsigned n_said;

static void report(void *ctx, const char *what)
{
	(void)ctx;
	if (n_said < 16)
		snprintf(said[n_said], sizeof(said[0]), "%s", what);
	n_said++;
}

static void reset(void)
{
	n_said = 0;
	memset(said, 0, sizeof(said));
}

static struct cdtext album(void)
{
	struct cdtext t;
	memset(&t, 0, sizeof(t));
	t.first_track = 1;
	t.last_track = 3;
	t.text[CDTEXT_TITLE][0] = "A Day";
	t.text[CDTEXT_TITLE][1] = "Morning";
	t.text[CDTEXT_TITLE][2] = "Noon";
	t.text[CDTEXT_TITLE][3] = "Night";
	t.text[CDTEXT_PERFORMER][0] = "Quartet";
	t.text[CDTEXT_PERFORMER][1] = "Quartet";
	t.text[CDTEXT_PERFORMER][2] = "Quartet";
	t.text[CDTEXT_PERFORMER][3] = "Quartet";
	return t;
}

static size_t encode(const struct cdtext *t, unsigned flags, uint8_t *packs)
{
	char why[200];
	int n =
	    cdtext_encode(t, flags, packs, CDTEXT_MAX_PACKS, why, sizeof(why));
	CHECK(n > 0);
	return n > 0 ? (size_t)n : 0;
}

static uint8_t sent[CDTEXT_MAX_PACKS * CDTEXT_PACK_BYTES];
static uint8_t got[CDTEXT_MAX_PACKS * CDTEXT_PACK_BYTES];

static void test_same_texts_match(void)
{
	struct cdtext t = album();
	size_t ns = encode(&t, 0, sent);
	reset();
	CHECK_EQ(verify_cdtext_compare(sent, ns, sent, ns, report, NULL), 0);
	CHECK_EQ(n_said, 0);
	/* "Same as previous" TABs: other packs, the same texts. */
	size_t ng = encode(&t, CDTEXT_USE_TAB, got);
	CHECK(ng != ns || memcmp(sent, got, ns * CDTEXT_PACK_BYTES) != 0);
	CHECK_EQ(verify_cdtext_compare(sent, ns, got, ng, report, NULL), 0);
	/* The packs repeated, as a drive may return the lead-in's copies. */
	memcpy(got, sent, ns * CDTEXT_PACK_BYTES);
	memcpy(got + ns * CDTEXT_PACK_BYTES, sent, ns * CDTEXT_PACK_BYTES);
	CHECK_EQ(verify_cdtext_compare(sent, ns, got, 2 * ns, report, NULL), 0);
}

static void test_changed_text_named(void)
{
	struct cdtext t = album();
	size_t ns = encode(&t, 0, sent);
	struct cdtext b = album();
	b.text[CDTEXT_TITLE][2] = "N\xe9on\x01";
	size_t ng = encode(&b, 0, got);
	reset();
	CHECK_EQ(verify_cdtext_compare(sent, ns, got, ng, report, NULL), 1);
	CHECK_STR(said[0], "the TITLE of track 2 reads back as "
			   "\"N\xc3\xa9on\\x01\", not \"Noon\"");

	/* A text missing, one extra, the disc's own. */
	b = album();
	b.text[CDTEXT_PERFORMER][3] = NULL;
	b.text[CDTEXT_TITLE][0] = "A Da\"y";
	b.text[CDTEXT_COMPOSER][1] = "Someone";
	ng = encode(&b, 0, got);
	reset();
	CHECK_EQ(verify_cdtext_compare(sent, ns, got, ng, report, NULL), 3);
	CHECK_STR(
	    said[0],
	    "the disc's TITLE reads back as \"A Da\\\"y\", not \"A Day\"");
	CHECK_STR(said[1], "the PERFORMER of track 3 reads back empty, not "
			   "\"Quartet\"");
	CHECK_STR(said[2], "the COMPOSER of track 1 reads back as "
			   "\"Someone\", where none was written");

	/* Fewer tracks. */
	b = album();
	b.last_track = 2;
	ng = encode(&b, 0, got);
	reset();
	CHECK(verify_cdtext_compare(sent, ns, got, ng, report, NULL) >= 1);
	CHECK_STR(said[0],
		  "the CD-TEXT reads back for tracks 1 to 2, not 1 to 3");
}

static void test_none_and_undecodable(void)
{
	struct cdtext t = album();
	size_t ns = encode(&t, 0, sent);
	char want[100];
	reset();
	CHECK_EQ(verify_cdtext_compare(sent, ns, got, 0, report, NULL), 1);
	snprintf(want, sizeof(want),
		 "the disc reports no CD-TEXT, %zu packs were written", ns);
	CHECK_STR(said[0], want);

	/* Every CRC wrong: nothing decodes. */
	memcpy(got, sent, ns * CDTEXT_PACK_BYTES);
	for (size_t i = 0; i < ns; i++)
		got[i * CDTEXT_PACK_BYTES + 17] ^= 0xFF;
	reset();
	CHECK_EQ(verify_cdtext_compare(sent, ns, got, ns, report, NULL), 1);
	snprintf(want, sizeof(want),
		 "the CD-TEXT read back cannot be decoded (%zu packs, %zu "
		 "with a wrong CRC)",
		 ns, ns);
	CHECK_STR(said[0], want);

	/* One pack's CRC wrong: its copy is missing, a text differs. */
	memcpy(got, sent, ns * CDTEXT_PACK_BYTES);
	got[17] ^= 0xFF;
	reset();
	CHECK(verify_cdtext_compare(sent, ns, got, ns, report, NULL) >= 1);

	/* Nothing written, something read: a difference; nothing, nothing:
	 * none. */
	reset();
	CHECK_EQ(verify_cdtext_compare(NULL, 0, sent, ns, NULL, NULL), 1);
	CHECK_EQ(verify_cdtext_compare(NULL, 0, NULL, 0, report, NULL), 0);
}

static void test_reports_capped(void)
{
	struct cdtext t = album();
	size_t ns = encode(&t, 0, sent);
	struct cdtext b = album();
	b.text[CDTEXT_TITLE][0] = "x";
	b.text[CDTEXT_TITLE][1] = "x";
	b.text[CDTEXT_TITLE][2] = "x";
	b.text[CDTEXT_TITLE][3] = "x";
	b.text[CDTEXT_PERFORMER][0] = "x";
	b.text[CDTEXT_PERFORMER][1] = "x";
	b.text[CDTEXT_PERFORMER][2] = "x";
	b.text[CDTEXT_PERFORMER][3] = "x";
	b.text[CDTEXT_MESSAGE][0] = "x";
	b.text[CDTEXT_MESSAGE][1] = "x";
	size_t ng = encode(&b, 0, got);
	reset();
	CHECK_EQ(verify_cdtext_compare(sent, ns, got, ng, report, NULL), 10);
	CHECK_EQ(n_said, VERIFY_CDTEXT_MAX_REPORTS);
}

int main(void)
{
	test_same_texts_match();
	test_changed_text_named();
	test_none_and_undecodable();
	test_reports_capped();
	return check_finish();
}
