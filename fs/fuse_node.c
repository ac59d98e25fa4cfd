/*
 * fuse_node.c - what an inode number or a name stands for (see
 * fuse_node.h): numbers and names become nodes, nodes get their
 * attributes, open files and directories get handles.
 *
 * Lock: open_lock (leaf) protects the list of handles not yet freed,
 * which handles_close_all closes after the loop.
 */
#include <errno.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "disc_wav.h"
#include "fuse_node.h"

int resolve_ino(struct burnfs *fs, fuse_ino_t ino, struct node *n)
{
	struct ino_parts p = ino_split(ino);
	memset(n, 0, sizeof(*n));
	if (p.kind == INO_ROOT_DIR) {
		n->kind = N_ROOT;
		return 0;
	}
	if (p.kind >= INO_TRASH_DIR && p.kind <= INO_TRASH_EXPUNGED) {
		n->kind = p.kind == INO_TRASH_DIR	 ? N_TRASH
			  : p.kind == INO_TRASH_FILES	 ? N_TRASH_FILES
			  : p.kind == INO_TRASH_INFO	 ? N_TRASH_INFO
			  : p.kind == INO_TRASH_EXPUNGED ? N_TRASH_EXPUNGED
							 : N_TRASH_INFO_FILE;
		n->arg = (int)p.drive;
		n->id = p.arg;
		return p.drive < fs->ll->n_trash ? 0 : -ENOENT;
	}
	if (p.kind == INO_NONE || p.drive >= fs->n_drives)
		return -ENOENT;
	n->drive = p.drive;
	n->d = fs->drives[p.drive];
	switch (p.kind) {
	case INO_DRIVE_DIR:
		n->kind = N_DRIVE;
		return 0;
	case INO_TRACKS_DIR:
		n->kind = N_TRACKS;
		return 0;
	case INO_DISC_DIR:
		n->kind = N_DISC;
		return 0;
	case INO_DRIVE_FILE:
		if (p.arg >= n_drive_files || !drive_file_exists(n->d, p.arg))
			return -ENOENT;
		n->kind = drive_files[p.arg].kind;
		n->arg = drive_files[p.arg].arg;
		n->file = (int)p.arg;
		return 0;
	case INO_DISC_TRACK:
		n->kind = N_DISC_TRACK;
		n->id = p.arg;
		return 0;
	case INO_TRACK:
		n->kind = N_TRACK;
		n->id = p.arg;
		return 0;
	case INO_FOLDER:
		n->kind = N_FOLDER;
		n->id = p.arg;
		return 0;
	default:
		return -ENOENT;
	}
}

int resolve_child(struct burnfs *fs, const struct node *p, const char *name,
		  struct node *n)
{
	memset(n, 0, sizeof(*n));
	n->drive = p->drive;
	n->d = p->d;
	switch (p->kind) {
	case N_ROOT:
		for (size_t i = 0; i < fs->n_drives; i++) {
			if (strcmp(drive_name(fs->drives[i]), name) == 0) {
				n->kind = N_DRIVE;
				n->drive = i;
				n->d = fs->drives[i];
				return 0;
			}
		}
		return trash_resolve_root(fs, name, n);
	case N_DRIVE:
		if (strcmp(name, "tracks") == 0) {
			n->kind = N_TRACKS;
			return 0;
		}
		if (strcmp(name, "disc") == 0) {
			n->kind = N_DISC;
			return 0;
		}
		for (size_t i = 0; i < n_drive_files; i++) {
			if (drive_file_exists(p->d, i) &&
			    strcmp(name, drive_files[i].name) == 0) {
				n->kind = drive_files[i].kind;
				n->arg = drive_files[i].arg;
				n->file = (int)i;
				return 0;
			}
		}
		return -ENOENT;
	case N_TRACKS:
	case N_FOLDER: {
		/* The spool keeps names of at most NAME_MAX bytes. */
		if (strlen(name) > NAME_MAX)
			return -ENAMETOOLONG;
		uint32_t folder = p->kind == N_FOLDER ? p->id : 0, id;
		n->folder = folder;
		n->name = name;
		if (staging_lookup_folder(drive_staging(p->d), folder, name,
					  &id) == 0) {
			n->kind = N_FOLDER;
			n->id = id;
		} else {
			n->kind = N_TRACK;
		}
		return 0;
	}
	case N_DISC: {
		int number = disc_wav_parse_name(name);
		n->kind = N_DISC_TRACK;
		n->id = number > 0 ? (uint32_t)number : 0;
		n->name = name;
		return 0;
	}
	case N_TRASH:
	case N_TRASH_FILES:
	case N_TRASH_INFO:
	case N_TRASH_EXPUNGED:
		return trash_resolve_child(fs, p, name, n);
	default:
		return -ENOENT;
	}
}

bool is_dir(enum node_kind k)
{
	return k == N_ROOT || k == N_DRIVE || k == N_TRACKS || k == N_DISC ||
	       k == N_FOLDER || k == N_TRASH || k == N_TRASH_FILES ||
	       k == N_TRASH_INFO || k == N_TRASH_EXPUNGED;
}

uint64_t node_ino(const struct node *n)
{
	switch (n->kind) {
	case N_ROOT:
		return INO_ROOT;
	case N_DRIVE:
		return ino_make(INO_DRIVE_DIR, (uint32_t)n->drive, 0);
	case N_TRACKS:
		return ino_make(INO_TRACKS_DIR, (uint32_t)n->drive, 0);
	case N_DISC:
		return ino_make(INO_DISC_DIR, (uint32_t)n->drive, 0);
	case N_DISC_TRACK:
		return ino_make(INO_DISC_TRACK, (uint32_t)n->drive, n->id);
	case N_TRACK:
		return ino_make(INO_TRACK, (uint32_t)n->drive, n->id);
	case N_FOLDER:
		return ino_make(INO_FOLDER, (uint32_t)n->drive, n->id);
	case N_TRASH:
		return ino_make(INO_TRASH_DIR, (uint32_t)n->arg, 0);
	case N_TRASH_FILES:
		return ino_make(INO_TRASH_FILES, (uint32_t)n->arg, 0);
	case N_TRASH_INFO:
		return ino_make(INO_TRASH_INFO, (uint32_t)n->arg, 0);
	case N_TRASH_INFO_FILE:
		return ino_make(INO_TRASH_INFO_FILE, (uint32_t)n->arg, n->id);
	case N_TRASH_EXPUNGED:
		return ino_make(INO_TRASH_EXPUNGED, (uint32_t)n->arg, 0);
	default:
		return ino_make(INO_DRIVE_FILE, (uint32_t)n->drive,
				(uint32_t)n->file);
	}
}

void fill_fixed(struct burnfs *fs, struct stat *st, mode_t mode)
{
	memset(st, 0, sizeof(*st));
	st->st_mode = mode;
	st->st_nlink = S_ISDIR(mode) ? 2 : 1;
	st->st_uid = fs->uid;
	st->st_gid = fs->gid;
	st->st_atim = st->st_mtim = st->st_ctim = fs->mount_time;
	st->st_blksize = 4096;
}

void show_attrs(struct burnfs *fs, struct stat *st)
{
	if (fs->set_mode)
		st->st_mode = (st->st_mode & S_IFMT) | (0777 & ~fs->umask);
	if (fs->set_uid)
		st->st_uid = fs->show_uid;
	if (fs->set_gid)
		st->st_gid = fs->show_gid;
}

static int stat_of(struct burnfs *fs, const struct node *n, struct handle *h,
		   struct stat *st)
{
	int rc = 0;
	if (n->kind == N_TRACK)
		return tracks_stat(fs, n, h, st);
	if (n->kind == N_FOLDER)
		return folder_stat(fs, n, st, NULL);
	if (is_trash(n->kind))
		return trash_stat(fs, n, st);
	if (h && !is_dir(h->kind)) {
		fill_fixed(fs, st, drive_file_mode(h->kind));
		st->st_gid = drive_group(h->d);
		if (h->disc) {
			st->st_size = disc_file_size(h->disc);
			st->st_mtim = st->st_ctim = disc_mtime(fs, n->drive);
		} else {
			files_stat(fs, n, h, st);
		}
		st->st_ino = node_ino(n);
		return 0;
	}
	switch (n->kind) {
	case N_ROOT:
		fill_fixed(fs, st, S_IFDIR | 0755);
		break;
	case N_DRIVE:
		fill_fixed(fs, st, S_IFDIR | 0755);
		st->st_gid = drive_group(n->d);
		st->st_mtim = st->st_ctim = drive_dir_mtime(fs, n->drive);
		break;
	case N_TRACKS:
		fill_fixed(fs, st, S_IFDIR | 0755);
		st->st_gid = drive_group(n->d);
		st->st_mtim = st->st_ctim = tracks_mtime(fs, n->drive);
		st->st_nlink = 2 + staging_subfolders(drive_staging(n->d), 0);
		break;
	case N_DISC:
		fill_fixed(fs, st, S_IFDIR | 0555);
		st->st_mtim = st->st_ctim = disc_mtime(fs, n->drive);
		break;
	case N_DISC_TRACK: {
		char name[16];
		if (n->id == 0)
			return -ENOENT;
		disc_wav_name(n->id, name, sizeof(name));
		fill_fixed(fs, st, S_IFREG | 0444);
		st->st_mtim = st->st_ctim = disc_mtime(fs, n->drive);
		rc = disc_dir_getattr(n->d, name, st);
		break;
	}
	default:
		fill_fixed(fs, st, drive_file_mode(n->kind));
		st->st_gid = drive_group(n->d);
		files_stat(fs, n, NULL, st);
		break;
	}
	st->st_ino = node_ino(n);
	return rc;
}

int node_stat(struct burnfs *fs, const struct node *n, struct handle *h,
	      struct stat *st)
{
	int rc = stat_of(fs, n, h, st);
	if (rc == 0)
		show_attrs(fs, st);
	return rc;
}

void reply_entry(fuse_req_t req, struct burnfs *fs, const struct stat *st)
{
	struct fuse_entry_param e;
	memset(&e, 0, sizeof(e));
	e.ino = st->st_ino;
	e.attr = *st;
	e.attr_timeout = 0;
	e.entry_timeout = 0;
	e.generation = inode_table_ref(fs->ll->inodes, e.ino);
	/* Not delivered (interrupted): the kernel holds no lookup. */
	if (fuse_reply_entry(req, &e) != 0)
		inode_table_forget(fs->ll->inodes, e.ino, 1);
}

static pthread_mutex_t open_lock = PTHREAD_MUTEX_INITIALIZER;
static struct handle *open_handles;

struct handle *handle_new(const struct node *n)
{
	struct handle *h = calloc(1, sizeof(*h));
	if (!h)
		return NULL;
	if (pthread_mutex_init(&h->lock, NULL) != 0) {
		free(h);
		return NULL;
	}
	h->kind = n->kind;
	h->d = n->d;
	h->drive = n->drive;
	h->arg = n->arg;
	h->id = n->id;
	h->fd = -1;
	tb_init(&h->text);
	pthread_mutex_lock(&open_lock);
	h->next = open_handles;
	if (open_handles)
		open_handles->prev = h;
	open_handles = h;
	pthread_mutex_unlock(&open_lock);
	return h;
}

void listing_clear(struct handle *h)
{
	for (size_t i = 0; i < h->n_entries; i++)
		free(h->entries[i].name);
	free(h->entries);
	h->entries = NULL;
	h->n_entries = 0;
}

void handle_free(struct handle *h)
{
	if (!h)
		return;
	pthread_mutex_lock(&open_lock);
	if (h->prev)
		h->prev->next = h->next;
	else
		open_handles = h->next;
	if (h->next)
		h->next->prev = h->prev;
	pthread_mutex_unlock(&open_lock);
	listing_clear(h);
	tb_free(&h->text);
	if (h->fd >= 0)
		close(h->fd);
	pthread_mutex_destroy(&h->lock);
	free(h);
}

void handles_close_all(void)
{
	for (;;) {
		pthread_mutex_lock(&open_lock);
		struct handle *h = open_handles;
		pthread_mutex_unlock(&open_lock);
		if (!h)
			return;
		if (h->kind == N_TRACK && h->track)
			staging_release(drive_staging(h->d), h->track,
					h->writable);
		disc_file_close(h->disc);
		handle_free(h); /* takes it off the list */
	}
}
