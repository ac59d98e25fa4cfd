/*
 * test_cdtext_latin1.c - UTF-8 to ISO 8859-1 for CD-TEXT: Latin-1 kept,
 * obvious ASCII stand-ins, '?' for the rest and for broken UTF-8, the
 * replaced flag, and the output bound.
 */
#include "cdtext_latin1.h"

#include <string.h>

#include "check.h"

static char out[256];
static bool replaced;

static const char *conv(const char *in)
{
	replaced = false;
	cdtext_latin1_from_utf8(in, out, sizeof(out), &replaced);
	return out;
}

static void test_kept(void)
{
	CHECK_STR(conv("Plain ASCII 123"), "Plain ASCII 123");
	CHECK(!replaced);
	/* é ü ß Ø ÿ and a no-break space: Latin-1 bytes */
	CHECK_STR(conv("Caf\xc3\xa9 M\xc3\xbcller Stra\xc3\x9f"
		       "e \xc3\x98 \xc3\xbf\xc2\xa0!"),
		  "Caf\xe9 M\xfcller Stra\xdf"
		  "e \xd8 \xff\xa0!");
	CHECK(!replaced);
	CHECK_STR(conv(""), "");
	CHECK(!replaced);
}

static void test_stand_ins(void)
{
	/* Łódź: Ł -> L, ó kept, ź -> z */
	CHECK_STR(conv("\xc5\x81\xc3\xb3"
		       "d\xc5\xba"),
		  "L\xf3"
		  "dz");
	CHECK(replaced);
	/* Dvořák, Ševčík, Erdős, œuvre */
	CHECK_STR(conv("Dvo\xc5\x99\xc3\xa1k"), "Dvor\xe1k");
	CHECK_STR(conv("\xc5\xa0"
		       "ev\xc4\x8d\xc3\xadk"),
		  "Sevc\xedk");
	CHECK_STR(conv("Erd\xc5\x91s"), "Erdos");
	CHECK_STR(conv("\xc5\x93uvre \xc5\x92"), "oeuvre OE");
	/* “quoted” ‘single’ – — … € ™ */
	CHECK_STR(conv("\xe2\x80\x9cquoted\xe2\x80\x9d \xe2\x80\x98single"
		       "\xe2\x80\x99"),
		  "\"quoted\" 'single'");
	CHECK(replaced);
	CHECK_STR(conv("a \xe2\x80\x93 b \xe2\x80\x94 c\xe2\x80\xa6"),
		  "a - b - c...");
	CHECK_STR(conv("5 \xe2\x82\xac, X\xe2\x84\xa2"), "5 EUR, XTM");
	/* line breaks and tabs */
	CHECK_STR(conv("two\nlines\tand tab"), "two lines and tab");
	CHECK(replaced);
}

static void test_unknown_and_broken(void)
{
	/* Japanese, Cyrillic, an emoji: no obvious stand-in */
	CHECK_STR(conv("\xe6\x97\xa5\xe6\x9c\xac"), "??");
	CHECK(replaced);
	CHECK_STR(conv("\xd0\x9c\xd0\xb8\xd1\x80"), "???");
	CHECK_STR(conv("ok \xf0\x9f\x8e\xb5"), "ok ?");
	/* not UTF-8: a Latin-1 byte, a truncated sequence, an overlong
	 * slash, a surrogate, a C1 control */
	CHECK_STR(conv("caf\xe9"), "caf?");
	CHECK(replaced);
	CHECK_STR(conv("x\xc3"), "x?");
	CHECK_STR(conv("\xc0\xaf"), "??");
	CHECK_STR(conv("\xed\xa0\x80z"), "???z");
	CHECK_STR(conv("\xc2\x85"), "?");
	CHECK_STR(conv("\x01"), "?");
}

static void test_bounds(void)
{
	char small[6];
	bool r = false;
	CHECK_EQ(cdtext_latin1_from_utf8("abcdefgh", small, sizeof(small), &r),
		 5);
	CHECK_STR(small, "abcde");
	CHECK(r);
	/* a stand-in is never split */
	CHECK_EQ(cdtext_latin1_from_utf8("abc\xe2\x80\xa6", small,
					 sizeof(small), &r),
		 3);
	CHECK_STR(small, "abc");
	CHECK_EQ(cdtext_latin1_from_utf8("abc", small, 0, &r), 0);
	CHECK(r);
	/* the output is never longer than the input */
	const char *in = "\xe2\x80\xa6\xe2\x82\xac\xc5\x93\xe2\x84\xa2";
	char exact[16];
	CHECK_EQ(cdtext_latin1_from_utf8(in, exact, strlen(in) + 1, &r), 10);
	CHECK_STR(exact, "...EURoeTM");
	CHECK_EQ(cdtext_latin1_from_utf8("abc", exact, sizeof(exact), NULL), 3);
}

int main(void)
{
	test_kept();
	test_stand_ins();
	test_unknown_and_broken();
	test_bounds();
	return check_finish();
}
