/*
 * wav_head.h - where the audio of a RIFF/WAVE file starts, from its first
 * bytes: the offset of the "data" chunk's contents.  Used to count a WAV
 * being written by its samples, not its header, when the staging area
 * checks that the tracks fit on the disc (the intake check proper is
 * audio/intake.h's).  Pure.
 */
#ifndef BURNFS_WAV_HEAD_H
#define BURNFS_WAV_HEAD_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/*
 * true and *offset when head (the first len bytes of a file) is a RIFF
 * WAVE file whose "data" chunk header lies within len; false otherwise.
 */
bool wav_head_data_offset(const uint8_t *head, size_t len, uint64_t *offset);

#endif
