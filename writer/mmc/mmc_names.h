/*
 * mmc_names.h - MMC's names of feature codes, mode pages and loading
 * mechanisms, as the `info` file prints them ("unknown" for codes the
 * table does not know).  Pure; the `info` file uses them.
 */
#ifndef BURNFS_MMC_NAMES_H
#define BURNFS_MMC_NAMES_H

#include <stdint.h>

const char *feature_name(uint16_t code);
const char *mode_page_name(uint8_t code);
/* Page 2Ah Loading Mechanism Type: "caddy", "tray", "pop-up", ... */
const char *loading_mechanism_name(uint8_t type);

#endif
