/*
 * names.c - natural order and temporary-name rules for tracks/ (see
 * names.h).  The natural order is strverscmp(3), so that "2 b.wav" sorts
 * before "10 a.wav" and "01" before "1".
 */
#include "names.h"

#include <limits.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

int names_natural_cmp(const char *a, const char *b)
{
	int c = strverscmp(a, b);
	if (c != 0)
		return c;
	return strcmp(a, b);
}

int names_path_cmp(const char *a, const char *b)
{
	char ca[NAME_MAX + 1], cb[NAME_MAX + 1];
	for (;;) {
		size_t la = strcspn(a, "/"), lb = strcspn(b, "/");
		snprintf(ca, sizeof(ca), "%.*s", (int)la, a);
		snprintf(cb, sizeof(cb), "%.*s", (int)lb, b);
		int c = names_natural_cmp(ca, cb);
		if (c != 0)
			return c;
		bool end_a = a[la] == '\0', end_b = b[lb] == '\0';
		if (end_a || end_b) /* a folder's path before its files' */
			return end_a == end_b ? 0 : end_a ? -1 : 1;
		a += la + 1;
		b += lb + 1;
	}
}

bool names_is_temporary(const char *name)
{
	size_t n = strlen(name);
	if (n > 0 && name[0] == '.')
		return true;
	return n >= 5 && strcmp(name + n - 5, ".part") == 0;
}

bool names_is_valid(const char *name)
{
	if (name[0] == '\0' || strcmp(name, ".") == 0 ||
	    strcmp(name, "..") == 0)
		return false;
	return strchr(name, '/') == NULL;
}

bool names_is_cue(const char *name)
{
	size_t n = strlen(name);
	return n > 4 && strcasecmp(name + n - 4, ".cue") == 0;
}

bool names_is_raw_audio(const char *name)
{
	static const char *const ext[] = {".bin", ".raw", ".pcm"};
	size_t n = strlen(name);
	for (size_t i = 0; i < sizeof(ext) / sizeof(ext[0]); i++)
		if (n > 4 && strcasecmp(name + n - 4, ext[i]) == 0)
			return true;
	return false;
}
