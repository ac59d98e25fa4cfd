/*
 * unconst.h - handing a read-only buffer to an interface that takes a
 * plain pointer for both directions but only reads it in this one (a
 * SCSI command's data-out buffer, the CDB in Linux's sg_io_hdr).  One
 * named place instead of casts that hide the reason.
 */
#ifndef BURNFS_UNCONST_H
#define BURNFS_UNCONST_H

static inline void *unconst(const void *p)
{
	union {
		const void *c;
		void *m;
	} u = {.c = p};
	return u.m;
}

#endif
