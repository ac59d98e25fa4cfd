/*
 * cdtext_latin1.c - UTF-8 to ISO 8859-1 with obvious ASCII stand-ins
 * (see cdtext_latin1.h): a strict UTF-8 decoder, then one code point at
 * a time through Latin-1, the Latin Extended-A table and a short list of
 * punctuation.
 */
#include "cdtext_latin1.h"

#include <stdint.h>
#include <string.h>

/*
 * U+0100..U+017F without their diacritics (ligatures as two letters):
 * Ā ā Ă ă Ą ą Ć ć ... Œ œ ... Ž ž ſ.
 */
static const char latin_extended_a[128][3] = {
    "A", "a", "A", "a", "A",  "a",  "C", "c", "C", "c", "C", "c",  "C",
    "c", "D", "d", "D", "d",  "E",  "e", "E", "e", "E", "e", "E",  "e",
    "E", "e", "G", "g", "G",  "g",  "G", "g", "G", "g", "H", "h",  "H",
    "h", "I", "i", "I", "i",  "I",  "i", "I", "i", "I", "i", "IJ", "ij",
    "J", "j", "K", "k", "k",  "L",  "l", "L", "l", "L", "l", "L",  "l",
    "L", "l", "N", "n", "N",  "n",  "N", "n", "n", "N", "n", "O",  "o",
    "O", "o", "O", "o", "OE", "oe", "R", "r", "R", "r", "R", "r",  "S",
    "s", "S", "s", "S", "s",  "S",  "s", "T", "t", "T", "t", "T",  "t",
    "U", "u", "U", "u", "U",  "u",  "U", "u", "U", "u", "U", "u",  "W",
    "w", "Y", "y", "Y", "Z",  "z",  "Z", "z", "Z", "z", "s",
};

struct stand_in {
	uint32_t cp;
	const char *ascii;
};

/* Punctuation and symbols outside Latin-1, by code point. */
static const struct stand_in punctuation[] = {
    {0x02BC, "'"},  {0x2002, " "},   {0x2003, " "},  {0x2004, " "},
    {0x2005, " "},  {0x2006, " "},   {0x2007, " "},  {0x2008, " "},
    {0x2009, " "},  {0x200A, " "},   {0x2010, "-"},  {0x2011, "-"},
    {0x2012, "-"},  {0x2013, "-"},   {0x2014, "-"},  {0x2015, "-"},
    {0x2018, "'"},  {0x2019, "'"},   {0x201A, "'"},  {0x201B, "'"},
    {0x201C, "\""}, {0x201D, "\""},  {0x201E, "\""}, {0x201F, "\""},
    {0x2022, "*"},  {0x2026, "..."}, {0x202F, " "},  {0x2032, "'"},
    {0x2033, "\""}, {0x2039, "<"},   {0x203A, ">"},  {0x20AC, "EUR"},
    {0x2122, "TM"}, {0x2212, "-"},
};

/* Decodes one UTF-8 character; returns its length, 0 when invalid. */
static size_t utf8_decode(const unsigned char *s, uint32_t *cp)
{
	unsigned char c = s[0];
	size_t len;
	uint32_t v, min;
	if (c < 0x80) {
		*cp = c;
		return 1;
	} else if (c >= 0xC2 && c <= 0xDF) {
		len = 2, v = c & 0x1F, min = 0x80;
	} else if (c >= 0xE0 && c <= 0xEF) {
		len = 3, v = c & 0x0F, min = 0x800;
	} else if (c >= 0xF0 && c <= 0xF4) {
		len = 4, v = c & 0x07, min = 0x10000;
	} else {
		return 0;
	}
	for (size_t i = 1; i < len; i++) {
		if ((s[i] & 0xC0) != 0x80) /* also stops at the NUL */
			return 0;
		v = v << 6 | (s[i] & 0x3F);
	}
	if (v < min || v > 0x10FFFF || (v >= 0xD800 && v <= 0xDFFF))
		return 0;
	*cp = v;
	return len;
}

/* What code point cp becomes; *same when it is kept as it is. */
static const char *stand_in_for(uint32_t cp, char one[2], bool *same)
{
	*same = false;
	one[1] = '\0';
	if ((cp >= 0x20 && cp < 0x7F) || (cp >= 0xA0 && cp <= 0xFF)) {
		one[0] = (char)cp;
		*same = true;
		return one;
	}
	if (cp == '\t' || cp == '\n' || cp == '\r')
		return " ";
	if (cp >= 0x100 && cp <= 0x17F)
		return latin_extended_a[cp - 0x100];
	for (size_t i = 0; i < sizeof(punctuation) / sizeof(punctuation[0]);
	     i++)
		if (punctuation[i].cp == cp)
			return punctuation[i].ascii;
	return "?";
}

size_t cdtext_latin1_from_utf8(const char *in, char *out, size_t out_size,
			       bool *replaced)
{
	const unsigned char *s = (const unsigned char *)in;
	bool changed = false;
	size_t n = 0;
	if (out_size == 0) {
		if (replaced)
			*replaced = in[0] != '\0';
		return 0;
	}
	while (*s) {
		uint32_t cp = 0;
		size_t len = utf8_decode(s, &cp);
		char one[2];
		bool same = false;
		const char *text = len ? stand_in_for(cp, one, &same) : "?";
		size_t tl = strlen(text);
		if (!same)
			changed = true;
		if (n + tl >= out_size) {
			changed = true;
			break;
		}
		memcpy(out + n, text, tl);
		n += tl;
		s += len ? len : 1;
	}
	out[n] = '\0';
	if (replaced)
		*replaced = changed;
	return n;
}
