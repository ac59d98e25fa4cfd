/*
 * test_text.h - line lookups for the unit tests of the text renderers
 * and the log: does a rendered buffer hold exactly this line?  Prints
 * the buffer when it does not, so a failure shows what was rendered.
 */
#ifndef BURNFS_TEST_TEXT_H
#define BURNFS_TEST_TEXT_H

#include <stdbool.h>
#include <stdio.h>
#include <string.h>

/* True when text contains line as a complete line. */
static inline bool text_has_line(const char *text, const char *line)
{
	size_t n = strlen(line);
	for (const char *p = text; p && *p;) {
		const char *nl = strchr(p, '\n');
		size_t len = nl ? (size_t)(nl - p) : strlen(p);
		if (len == n && memcmp(p, line, n) == 0)
			return true;
		p = nl ? nl + 1 : NULL;
	}
	fprintf(stderr, "missing line \"%s\" in:\n%s\n", line, text);
	return false;
}

/* Number of lines starting with prefix. */
static inline int text_count_prefix(const char *text, const char *prefix)
{
	int count = 0;
	size_t n = strlen(prefix);
	for (const char *p = text; p && *p;) {
		if (strncmp(p, prefix, n) == 0)
			count++;
		const char *nl = strchr(p, '\n');
		p = nl ? nl + 1 : NULL;
	}
	return count;
}

#endif
