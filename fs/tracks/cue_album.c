/*
 * cue_album.c - cue sheets in tracks/ and the tracks they describe (see
 * cue_album.h).
 */
#include "cue_album.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

#include "cue_tracks.h"
#include "names.h"
#include "q_control.h"

struct cue_sheet *cue_album_read(const char *path, char *why, size_t why_len)
{
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0) {
		snprintf(why, why_len, "cannot read it: %s", strerror(errno));
		return NULL;
	}
	char *buf = malloc(CUE_ALBUM_MAX_BYTES + 1);
	size_t len = 0;
	int err = buf ? 0 : ENOMEM;
	while (!err && len <= CUE_ALBUM_MAX_BYTES) {
		ssize_t r = read(fd, buf + len, CUE_ALBUM_MAX_BYTES + 1 - len);
		if (r < 0 && errno == EINTR)
			continue;
		if (r < 0)
			err = errno;
		else if (r == 0)
			break;
		else
			len += (size_t)r;
	}
	close(fd);
	struct cue_sheet *s = NULL;
	if (err)
		snprintf(why, why_len, "cannot read it: %s", strerror(err));
	else if (len > CUE_ALBUM_MAX_BYTES)
		snprintf(why, why_len, "a cue sheet of more than %d bytes",
			 CUE_ALBUM_MAX_BYTES);
	else if (!(s = cue_parse(buf, len)))
		snprintf(why, why_len, "out of memory");
	free(buf);
	return s;
}

int cue_album_check(const char *path, struct intake_result *r, char *why,
		    size_t why_len)
{
	memset(r, 0, sizeof(*r));
	struct cue_sheet *s = cue_album_read(path, why, why_len);
	if (!s)
		return -EIO;
	int rc = 0;
	if (s->failed) {
		snprintf(why, why_len, "malformed cue sheet: %s",
			 s->error.text);
		rc = -EINVAL;
	} else {
		snprintf(r->description, sizeof(r->description),
			 "cue sheet, %zu track%s in %zu file%s", s->n_tracks,
			 s->n_tracks == 1 ? "" : "s", s->n_files,
			 s->n_files == 1 ? "" : "s");
	}
	cue_free(s);
	return rc;
}

/* The name a FILE entry gives, without its directories. */
static const char *base_name(const char *name)
{
	const char *b = name;
	for (const char *p = name; *p; p++)
		if (*p == '/' || *p == '\\')
			b = p + 1;
	return b;
}

/*
 * The audio track of v named by a FILE entry, or NULL: a file in the
 * sheet's own folder of tracks/ (folder, as track_meta.folder).
 */
static struct track *find_file(struct track **v, size_t n, uint32_t folder,
			       const char *file)
{
	const char *b = base_name(file);
	for (size_t i = 0; i < n; i++)
		if (!names_is_cue(v[i]->meta.name) &&
		    v[i]->meta.folder == folder &&
		    strcmp(v[i]->meta.name, b) == 0)
			return v[i];
	for (size_t i = 0; i < n; i++)
		if (!names_is_cue(v[i]->meta.name) &&
		    v[i]->meta.folder == folder &&
		    strcasecmp(v[i]->meta.name, b) == 0)
			return v[i];
	return NULL;
}

size_t cue_album_files(struct staging *st, struct track *cue,
		       struct track **files, size_t max)
{
	char path[PATH_MAX], why[160];
	staging_audio_path(st, cue, path, sizeof(path));
	struct cue_sheet *s = cue_album_read(path, why, sizeof(why));
	if (!s)
		return 0;
	size_t n_v = 0, got = 0;
	for (struct track *t = st->tracks; t; t = t->next)
		n_v += track_is_visible(t);
	struct track **v = calloc(n_v + 1, sizeof(*v));
	if (v) {
		size_t i = 0;
		for (struct track *t = st->tracks; t; t = t->next)
			if (track_is_visible(t))
				v[i++] = t;
		for (size_t f = 0; !s->failed && f < s->n_files && got < max;
		     f++) {
			struct track *t = find_file(v, n_v, cue->meta.folder,
						    s->file[f].name);
			bool dup = false;
			for (size_t k = 0; k < got; k++)
				dup = dup || files[k] == t;
			if (t && !dup)
				files[got++] = t;
		}
	}
	free(v);
	cue_free(s);
	return got;
}

/* Whether a FILE entry names the track name (as find_file matches). */
static bool file_names(const char *file, const char *name)
{
	return strcasecmp(base_name(file), name) == 0;
}

/*
 * Calls visit for every sheet staged in tracks/ that reads, with the
 * track that holds it, until visit returns true; whether one did.
 */
static bool each_sheet(struct staging *st,
		       bool (*visit)(struct staging *st, struct track *t,
				     const struct cue_sheet *s, void *ctx),
		       void *ctx)
{
	for (struct track *t = st->tracks; t; t = t->next) {
		if (!track_is_visible(t) || !names_is_cue(t->meta.name) ||
		    !t->meta.staged)
			continue;
		char path[PATH_MAX], why[160];
		staging_audio_path(st, t, path, sizeof(path));
		struct cue_sheet *s = cue_album_read(path, why, sizeof(why));
		bool stop = s && !s->failed && visit(st, t, s, ctx);
		cue_free(s);
		if (stop)
			return true;
	}
	return false;
}

struct names {
	const char *name, *other; /* other: NULL, or a second name */
};

/* Whether a sheet names n->name as a raw (BINARY, MOTOROLA) file. */
static bool names_raw(struct staging *st, struct track *t,
		      const struct cue_sheet *s, void *ctx)
{
	const struct names *n = ctx;
	(void)st;
	(void)t;
	for (size_t f = 0; f < s->n_files; f++)
		if ((s->file[f].type == CUE_FILE_BINARY ||
		     s->file[f].type == CUE_FILE_MOTOROLA) &&
		    file_names(s->file[f].name, n->name))
			return true;
	return false;
}

bool cue_album_names_raw(struct staging *st, const char *name)
{
	struct names n = {name, NULL};
	return each_sheet(st, names_raw, &n);
}

/* The visible tracks (lock held), for find_file; caller frees. */
static struct track **visible(struct staging *st, size_t *n)
{
	size_t count = 0, i = 0;
	for (struct track *t = st->tracks; t; t = t->next)
		count += track_is_visible(t);
	struct track **v = calloc(count + 1, sizeof(*v));
	for (struct track *t = st->tracks; v && t; t = t->next)
		if (track_is_visible(t))
			v[i++] = t;
	*n = i;
	return v;
}

void cue_album_log_files(struct staging *st, struct track *cue)
{
	char path[PATH_MAX], why[160];
	staging_audio_path(st, cue, path, sizeof(path));
	struct cue_sheet *s = cue_album_read(path, why, sizeof(why));
	size_t n = 0;
	struct track **v = s && !s->failed ? visible(st, &n) : NULL;
	size_t missing = 0;
	for (size_t f = 0; v && f < s->n_files; f++) {
		if (find_file(v, n, cue->meta.folder, s->file[f].name))
			continue;
		missing++;
		drive_log_add(st->log,
			      "%s: line %u: FILE \"%s\" is not in tracks/; the "
			      "sheet is not burnt until it is",
			      cue->meta.name, s->file[f].line, s->file[f].name);
	}
	if (v && !missing)
		drive_log_add(
		    st->log, "%s: its %zu file%s %s in tracks/: %zu track%s",
		    cue->meta.name, s->n_files, s->n_files == 1 ? "" : "s",
		    s->n_files == 1 ? "is" : "are", s->n_tracks,
		    s->n_tracks == 1 ? "" : "s");
	free(v);
	cue_free(s);
}

/* Logs the files of a sheet that names either name of a rename. */
static bool log_if_named(struct staging *st, struct track *t,
			 const struct cue_sheet *s, void *ctx)
{
	const struct names *n = ctx;
	for (size_t f = 0; f < s->n_files; f++)
		if (file_names(s->file[f].name, n->name) ||
		    file_names(s->file[f].name, n->other)) {
			cue_album_log_files(st, t);
			break;
		}
	return false; /* every sheet */
}

void cue_album_log_renamed(struct staging *st, const char *from, const char *to)
{
	struct names n = {from, to};
	each_sheet(st, log_if_named, &n);
}

/* A text of the sheet in UTF-8 (a Latin-1 sheet's bytes converted). */
static char *utf8_text(const char *text, enum cue_encoding enc)
{
	if (enc != CUE_LATIN1)
		return strdup(text);
	size_t n = strlen(text);
	char *out = malloc(2 * n + 1), *o = out;
	if (!out)
		return NULL;
	for (const unsigned char *p = (const unsigned char *)text; *p; p++) {
		if (*p < 0x80) {
			*o++ = (char)*p;
		} else {
			*o++ = (char)(0xC0 | (*p >> 6));
			*o++ = (char)(0x80 | (*p & 0x3F));
		}
	}
	*o = '\0';
	return out;
}

/* A sheet's track k as a burn track, its source in the files' PCM. */
static int sheet_track(const struct cue_sheet *s, size_t k,
		       const struct sao_track_spec *spec,
		       const struct cue_track_source *src,
		       struct burn_track **file_views, const bool *big_endian,
		       const char *cue_name, struct burn_track *out)
{
	const struct cue_track *ct = &s->track[k];
	char name[NAME_MAX + 32];
	snprintf(name, sizeof(name), "%s track %02u", cue_name,
		 (unsigned)ct->number);
	out->name = strdup(name);
	out->title = utf8_text(ct->text[CUE_TITLE], s->encoding);
	out->artist = utf8_text(ct->text[CUE_PERFORMER], s->encoding);
	out->songwriter = utf8_text(ct->text[CUE_SONGWRITER], s->encoding);
	out->composer = strdup("");
	out->album = utf8_text(s->text[CUE_TITLE], s->encoding);
	out->album_artist = utf8_text(s->text[CUE_PERFORMER], s->encoding);
	out->spans =
	    calloc(src->n_spans ? src->n_spans : 1, sizeof(*out->spans));
	if (!out->name || !out->title || !out->artist || !out->songwriter ||
	    !out->composer || !out->album || !out->album_artist || !out->spans)
		return -ENOMEM;
	out->n_spans = src->n_spans;
	out->length = 0;
	for (size_t i = 0; i < src->n_spans; i++) {
		const struct burn_track *f = file_views[src->span[i].file];
		out->spans[i].path = strdup(f->path);
		if (!out->spans[i].path)
			return -ENOMEM;
		out->spans[i].offset = f->offset + src->span[i].offset;
		out->spans[i].length = src->span[i].bytes;
		out->spans[i].big_endian = big_endian[src->span[i].file];
		out->length += src->span[i].bytes;
	}
	/* The first piece also as the plain source, for one-file tracks. */
	out->path = strdup(out->spans[0].path ? out->spans[0].path : "");
	if (!out->path)
		return -ENOMEM;
	out->offset = out->spans[0].offset;
	out->pre_emphasis = (ct->q_control & Q_CTL_PRE_EMPHASIS) != 0;
	out->copy_permitted = (ct->q_control & Q_CTL_COPY_PERMITTED) != 0;
	out->scms = ct->scms;
	memcpy(out->isrc, ct->isrc, sizeof(out->isrc));
	memcpy(out->catalog, s->catalog, sizeof(out->catalog));
	out->pregap = spec->pregap;
	out->pregap_audio = spec->pregap_audio;
	out->pregap_given = true; /* the sheet's, not the pregap control's */
	out->postgap = spec->postgap;
	out->n_index = spec->n_index;
	memcpy(out->index, spec->index, sizeof(out->index[0]) * spec->n_index);
	return 0;
}

/*
 * The sheet a track stands for (lock held): a .cue's, or the one a FLAC
 * file carries.  NULL with why when it cannot be read.
 */
static struct cue_sheet *sheet_of(struct staging *st, const struct track *t,
				  char *why, size_t why_len)
{
	char path[PATH_MAX];
	staging_audio_path(st, t, path, sizeof(path));
	if (names_is_cue(t->meta.name))
		return cue_album_read(path, why, why_len);
	bool none = false;
	struct cue_sheet *s =
	    cue_album_embedded_read(path, t->meta.name, &none, why, why_len);
	if (none)
		snprintf(why, why_len, "its cue sheet is gone");
	return s;
}

/*
 * The tracks of the sheet of cue (an entry of v) into out (room for 99):
 * >= 0 tracks; -EINVAL with why when its files are not all there or do
 * not fit its index points; -ENOMEM.  claimed[] marks its files.  On
 * failure out may hold some tracks: the caller frees all 99.
 */
static int expand_one(struct staging *st, struct track **v, size_t n,
		      struct track *cue, bool *claimed, bool at_commit,
		      struct burn_track *out, char *why, size_t why_len)
{
	char err[200] = "";
	struct cue_sheet *s = sheet_of(st, cue, err, sizeof(err));
	if (!s) {
		snprintf(why, why_len, "%.100s: %.190s", cue->meta.name, err);
		return -EIO;
	}
	int rc = 0;
	uint64_t *bytes = calloc(s->n_files + 1, sizeof(*bytes));
	struct burn_track *views = calloc(s->n_files + 1, sizeof(*views));
	struct burn_track **file_views =
	    calloc(s->n_files + 1, sizeof(*file_views));
	size_t *idx = calloc(s->n_files + 1, sizeof(*idx));
	bool *big_endian = calloc(s->n_files + 1, sizeof(*big_endian));
	struct sao_track_spec *spec = calloc(CD_MAX_TRACKS, sizeof(*spec));
	struct cue_track_source *src = calloc(CD_MAX_TRACKS, sizeof(*src));
	if (!bytes || !views || !file_views || !idx || !big_endian || !spec ||
	    !src)
		rc = -ENOMEM;
	if (rc == 0 && s->failed) {
		snprintf(why, why_len, "%.100s: malformed cue sheet: %.190s",
			 cue->meta.name, s->error.text);
		rc = -EINVAL;
	}
	for (size_t f = 0; rc == 0 && f < s->n_files; f++) {
		struct track *t =
		    find_file(v, n, cue->meta.folder, s->file[f].name);
		if (!t) {
			snprintf(why, why_len,
				 "%.100s: line %u: FILE \"%.100s\" is not in "
				 "tracks/",
				 cue->meta.name, s->file[f].line,
				 s->file[f].name);
			rc = -EINVAL;
			break;
		}
		if (at_commit && !t->meta.staged) {
			snprintf(
			    why, why_len,
			    "%.100s: line %u: %.100s is not checked audio yet",
			    cue->meta.name, s->file[f].line, t->meta.name);
			rc = -EINVAL;
			break;
		}
		size_t i = 0;
		while (v[i] != t)
			i++;
		idx[f] = i;
		/* raw audio is little-endian unless the sheet says MOTOROLA */
		big_endian[f] =
		    t->meta.intake.raw && s->file[f].type == CUE_FILE_MOTOROLA;
		bytes[f] = at_commit ? t->meta.intake.pcm_bytes
				     : track_pcm_estimate(t);
		bytes[f] -= bytes[f] % 4;
		rc = staging_describe(st, t, bytes[f], &views[f]);
		file_views[f] = &views[f];
	}
	char plan_why[200];
	if (rc == 0 && cue_tracks_plan(s, bytes, spec, src, plan_why,
				       sizeof(plan_why)) < 0) {
		snprintf(why, why_len, "%.100s: %.190s", cue->meta.name,
			 plan_why);
		rc = -EINVAL;
	}
	for (size_t k = 0; rc == 0 && k < s->n_tracks; k++)
		rc = sheet_track(s, k, &spec[k], &src[k], file_views,
				 big_endian, cue->meta.name, &out[k]);
	if (rc == 0) {
		for (size_t f = 0; f < s->n_files; f++)
			claimed[idx[f]] = true;
		rc = (int)s->n_tracks;
	}
	/* the files' descriptions (the array too) */
	burn_tracks_free(views, views ? s->n_files : 0);
	free(file_views);
	free(bytes);
	free(idx);
	free(big_endian);
	free(spec);
	free(src);
	cue_free(s);
	return rc;
}

/* Whether v[i] stands for the tracks of a sheet: a .cue, or a FLAC file
 * carrying one that no .cue names (second pass). */
static bool stands_for_sheet(const struct track *t, bool second_pass)
{
	return second_pass
		   ? !names_is_cue(t->meta.name) && t->meta.intake.embedded_cue
		   : names_is_cue(t->meta.name);
}

int cue_album_describe(struct staging *st, struct track **v, size_t n,
		       bool at_commit, struct burn_track **out, size_t *n_out,
		       struct textbuf *notes, char *why, size_t why_len)
{
	*out = NULL;
	*n_out = 0;
	bool *claimed = calloc(n + 1, sizeof(*claimed));
	/* One list per entry: a sheet's tracks, or the track itself. */
	struct burn_track **parts = calloc(n + 1, sizeof(*parts));
	size_t *counts = calloc(n + 1, sizeof(*counts));
	bool *expanded = calloc(n + 1, sizeof(*expanded));
	int rc = claimed && parts && counts && expanded ? 0 : -ENOMEM;
	/* The .cue files first: a FLAC file a .cue names is its audio, not
	 * a sheet of its own. */
	for (int pass = 0; pass < 2; pass++) {
		for (size_t i = 0; rc == 0 && i < n; i++) {
			if (!stands_for_sheet(v[i], pass == 1) || claimed[i])
				continue;
			parts[i] = calloc(CD_MAX_TRACKS, sizeof(*parts[i]));
			if (!parts[i]) {
				rc = -ENOMEM;
				break;
			}
			char one[400] = "";
			int got = expand_one(st, v, n, v[i], claimed, at_commit,
					     parts[i], one, sizeof(one));
			if (got >= 0) {
				counts[i] = (size_t)got;
				expanded[i] = true;
			} else if (got != -ENOMEM && !at_commit) {
				if (notes)
					tb_printf(notes, "note: %s\n", one);
			} else {
				snprintf(why, why_len, "commit: %s", one);
				rc = got;
			}
		}
	}
	/* Raw audio no sheet took is not burnt alone. */
	for (size_t i = 0; rc == 0 && i < n; i++) {
		if (!v[i]->meta.intake.raw || claimed[i])
			continue;
		if (at_commit) {
			snprintf(why, why_len,
				 "commit: %.100s is raw CD audio without a "
				 "header and no cue sheet in tracks/ names it "
				 "(FILE \"%.100s\" BINARY or MOTOROLA); copy "
				 "its cue sheet into tracks/, or rm it",
				 v[i]->meta.name, v[i]->meta.name);
			rc = -EINVAL;
		} else if (notes) {
			tb_printf(notes,
				  "note: %s: raw CD audio that no cue sheet in "
				  "tracks/ names; not burnt alone\n",
				  v[i]->meta.name);
		}
	}
	/* A FLAC file that a sheet expanded is its tracks, not a track. */
	size_t total = 0;
	for (size_t i = 0; rc == 0 && i < n; i++)
		total += expanded[i]			 ? counts[i]
			 : names_is_cue(v[i]->meta.name) ? 0
			 : claimed[i]			 ? 0
			 : v[i]->meta.intake.raw	 ? 0
							 : 1;
	struct burn_track *list =
	    rc == 0 ? calloc(total + 1, sizeof(*list)) : NULL;
	if (rc == 0 && !list)
		rc = -ENOMEM;
	size_t at = 0;
	for (size_t i = 0; rc == 0 && i < n; i++) {
		if (expanded[i]) {
			memcpy(&list[at], parts[i], counts[i] * sizeof(*list));
			memset(parts[i], 0, counts[i] * sizeof(*list));
			at += counts[i];
		} else if (!names_is_cue(v[i]->meta.name) && !claimed[i] &&
			   !v[i]->meta.intake.raw) {
			rc = staging_describe(st, v[i],
					      at_commit
						  ? v[i]->meta.intake.pcm_bytes
						  : track_pcm_estimate(v[i]),
					      &list[at++]);
		}
	}
	for (size_t i = 0; parts && i < n; i++)
		burn_tracks_free(parts[i], parts[i] ? CD_MAX_TRACKS : 0);
	free(parts);
	free(counts);
	free(claimed);
	free(expanded);
	if (rc < 0) {
		burn_tracks_free(list, at);
		if (rc == -ENOMEM && !why[0])
			snprintf(why, why_len, "commit: out of memory");
		return rc;
	}
	*out = list;
	*n_out = total;
	return 0;
}
