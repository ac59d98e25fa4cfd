/*
 * fuse_dirs.c - the directories (see fuse_node.h): opendir takes a
 * handle, readdir lists the whole directory when read from offset 0 and
 * serves it in pieces; statfs for the mount point and each drive.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "fuse_node.h"

int listing_add(struct handle *h, const char *name, uint64_t ino, mode_t mode)
{
	struct dir_entry *e =
	    realloc(h->entries, (h->n_entries + 1) * sizeof(*e));
	if (!e)
		return -ENOMEM;
	h->entries = e;
	e[h->n_entries].name = strdup(name);
	if (!e[h->n_entries].name)
		return -ENOMEM;
	e[h->n_entries].ino = ino;
	e[h->n_entries].mode = mode;
	h->n_entries++;
	return 0;
}

/* The whole listing of the directory n, taken when reading from 0. */
static int listing_fill(struct burnfs *fs, const struct node *n,
			struct handle *h)
{
	struct node parent = {.kind = n->kind == N_DRIVE ? N_ROOT : N_DRIVE,
			      .drive = n->drive};
	uint64_t up = n->kind == N_ROOT ? INO_ROOT : node_ino(&parent);
	struct stat st;
	int rc;
	listing_clear(h);
	/* A folder of tracks/: its parent folder, or tracks/ */
	if (n->kind == N_FOLDER && (rc = folder_stat(fs, n, &st, &up)) < 0)
		return rc;
	if (n->kind == N_TRASH)
		up = INO_ROOT;
	else if (is_trash(n->kind))
		up = ino_make(INO_TRASH_DIR, (uint32_t)n->arg, 0);
	rc = listing_add(h, ".", node_ino(n), S_IFDIR);
	if (rc == 0)
		rc = listing_add(h, "..", up, S_IFDIR);
	if (rc < 0)
		return rc;
	switch (n->kind) {
	case N_ROOT:
		for (size_t i = 0; i < fs->n_drives && rc == 0; i++)
			rc = listing_add(
			    h, drive_name(fs->drives[i]),
			    ino_make(INO_DRIVE_DIR, (uint32_t)i, 0), S_IFDIR);
		return rc == 0 ? trash_list_root(fs, h) : rc;
	case N_DRIVE: {
		struct node c = *n;
		c.kind = N_TRACKS;
		rc = listing_add(h, "tracks", node_ino(&c), S_IFDIR);
		c.kind = N_DISC;
		if (rc == 0)
			rc = listing_add(h, "disc", node_ino(&c), S_IFDIR);
		for (size_t i = 0; i < n_drive_files && rc == 0; i++) {
			if (!drive_file_exists(n->d, i))
				continue;
			rc = listing_add(h, drive_files[i].name,
					 ino_make(INO_DRIVE_FILE,
						  (uint32_t)n->drive,
						  (uint32_t)i),
					 drive_file_mode(drive_files[i].kind));
		}
		return rc;
	}
	case N_DISC:
		/* What file managers show until disc/ changes. */
		live_disc_listed(fs, n->drive);
		return disc_readdir(fs, n, h);
	case N_TRASH:
	case N_TRASH_FILES:
	case N_TRASH_INFO:
	case N_TRASH_EXPUNGED:
		return trash_readdir(fs, n, h);
	default:
		return tracks_readdir(fs, n, h);
	}
}

void dirs_opendir(fuse_req_t req, fuse_ino_t ino, struct fuse_file_info *fi)
{
	struct node n;
	int rc = resolve_ino(fs_of(req), ino, &n);
	if (rc == 0 && !is_dir(n.kind))
		rc = -ENOTDIR;
	struct handle *h = rc == 0 ? handle_new(&n) : NULL;
	if (rc == 0 && !h)
		rc = -ENOMEM;
	if (rc < 0) {
		reply_rc(req, rc);
		return;
	}
	fi->fh = (uint64_t)(uintptr_t)h;
	if (fuse_reply_open(req, fi) != 0)
		handle_free(h); /* interrupted: no releasedir will come */
}

void dirs_readdir(fuse_req_t req, fuse_ino_t ino, size_t size, off_t off,
		  struct fuse_file_info *fi)
{
	struct burnfs *fs = fs_of(req);
	struct handle *h = handle_of(fi);
	struct node n;
	int rc = resolve_ino(fs, ino, &n);
	char *buf = malloc(size ? size : 1);
	if (rc == 0 && (!h || !buf))
		rc = !h ? -EBADF : -ENOMEM;
	if (rc < 0) {
		free(buf);
		reply_rc(req, rc);
		return;
	}
	size_t used = 0;
	pthread_mutex_lock(&h->lock);
	if (off == 0 || !h->entries)
		rc = listing_fill(fs, &n, h);
	for (size_t i = off > 0 ? (size_t)off : 0; rc == 0 && i < h->n_entries;
	     i++) {
		struct stat st = {.st_ino = h->entries[i].ino,
				  .st_mode = h->entries[i].mode};
		size_t need =
		    fuse_add_direntry(req, buf + used, size - used,
				      h->entries[i].name, &st, (off_t)i + 1);
		if (need > size - used)
			break;
		used += need;
	}
	pthread_mutex_unlock(&h->lock);
	if (rc < 0)
		reply_rc(req, rc);
	else
		fuse_reply_buf(req, buf, used);
	free(buf);
}

void dirs_releasedir(fuse_req_t req, fuse_ino_t ino, struct fuse_file_info *fi)
{
	(void)ino;
	handle_free(handle_of(fi));
	fuse_reply_err(req, 0);
}

void dirs_statfs(fuse_req_t req, fuse_ino_t ino)
{
	struct burnfs *fs = fs_of(req);
	struct statvfs out;
	struct node n;
	if (resolve_ino(fs, ino, &n) < 0 || n.kind == N_ROOT) {
		/* The mount point: every drive together. */
		memset(&out, 0, sizeof(out));
		out.f_bsize = out.f_frsize = 2352;
		out.f_namemax = 255;
		for (size_t i = 0; i < fs->n_drives; i++) {
			struct statvfs one;
			drive_statfs(fs->drives[i], &one);
			out.f_blocks += one.f_blocks;
			out.f_bfree += one.f_bfree;
			out.f_bavail += one.f_bavail;
			out.f_files += one.f_files;
			out.f_ffree += one.f_ffree;
			out.f_favail += one.f_favail;
		}
	} else {
		drive_statfs(n.d, &out);
	}
	fuse_reply_statfs(req, &out);
}
