/*
 * disc_wav.h - how the tracks of the disc in a drive appear in
 * <drive>/disc/: names ("01.wav"), sizes and the 44-byte WAV header put
 * in front of the CD-DA read from the disc.  Pure functions; the FUSE
 * side is disc_dir.c.
 */
#ifndef BURNFS_DISC_WAV_H
#define BURNFS_DISC_WAV_H

#include <stddef.h>
#include <stdint.h>

#define DISC_WAV_HEADER_BYTES 44

/* RIFF/WAVE header for pcm_bytes of 44.1 kHz 16-bit stereo PCM. */
void disc_wav_header(uint8_t out[DISC_WAV_HEADER_BYTES], uint64_t pcm_bytes);

/* "01.wav" for track 1 (out: at least 8 bytes). */
void disc_wav_name(unsigned number, char *out, size_t len);

/* The track number (1..99) a name stands for, or -1 ("7.wav" is not
 * "07.wav"). */
int disc_wav_parse_name(const char *name);

/*
 * Audio sectors of a track whose Track Size (READ TRACK INFORMATION) is
 * track_size: a Track-At-Once track's size includes its 2 run-out
 * sectors, which hold no audio and do not read back.
 */
uint32_t disc_wav_sectors(uint32_t track_size);

/* Size of the WAV file of a track of that many audio sectors. */
uint64_t disc_wav_size(uint32_t sectors);

#endif
