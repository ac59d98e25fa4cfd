/*
 * fuzz_harness.h - the entry point every harness defines, declared once
 * (libFuzzer's, and replay.c's caller).  meson includes it into every
 * harness (-include), so the harnesses build with -Wmissing-prototypes.
 */
#ifndef BURNFS_FUZZ_HARNESS_H
#define BURNFS_FUZZ_HARNESS_H

#include <stddef.h>
#include <stdint.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#endif
