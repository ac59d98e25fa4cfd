/*
 * mmc_names.c - the names MMC gives feature codes, mode page codes
 * and loading mechanisms, for the `info` file (render_info.c).  Pure.
 */
#include "mmc_names.h"

#include <stddef.h>

struct code_name {
	uint16_t code;
	const char *name;
};

static const struct code_name features[] = {
    {0x0000, "Profile List"},
    {0x0001, "Core"},
    {0x0002, "Morphing"},
    {0x0003, "Removable Medium"},
    {0x0004, "Write Protect"},
    {0x0010, "Random Readable"},
    {0x001D, "Multi-Read"},
    {0x001E, "CD Read"},
    {0x001F, "DVD Read"},
    {0x0020, "Random Writable"},
    {0x0021, "Incremental Streaming Writable"},
    {0x0022, "Sector Erasable"},
    {0x0023, "Formattable"},
    {0x0024, "Hardware Defect Management"},
    {0x0025, "Write Once"},
    {0x0026, "Restricted Overwrite"},
    {0x0027, "CD-RW CAV Write"},
    {0x0028, "MRW"},
    {0x0029, "Enhanced Defect Reporting"},
    {0x002A, "DVD+RW"},
    {0x002B, "DVD+R"},
    {0x002C, "Rigid Restricted Overwrite"},
    {0x002D, "CD Track at Once"},
    {0x002E, "CD Mastering"},
    {0x002F, "DVD-R/-RW Write"},
    {0x0033, "Layer Jump Recording"},
    {0x0037, "CD-RW Media Write Support"},
    {0x003A, "DVD+RW Dual Layer"},
    {0x003B, "DVD+R Dual Layer"},
    {0x0040, "BD Read"},
    {0x0041, "BD Write"},
    {0x0100, "Power Management"},
    {0x0101, "S.M.A.R.T."},
    {0x0102, "Embedded Changer"},
    {0x0103, "CD Audio External Play"},
    {0x0104, "Microcode Upgrade"},
    {0x0105, "Timeout"},
    {0x0106, "DVD CSS"},
    {0x0107, "Real Time Streaming"},
    {0x0108, "Drive Serial Number"},
    {0x0109, "Media Serial Number"},
    {0x010A, "Disc Control Blocks"},
    {0x010B, "DVD CPRM"},
    {0x010C, "Firmware Information"},
    {0x010D, "AACS"},
};

static const struct code_name pages[] = {
    {0x01, "Read/Write Error Recovery"},
    {0x05, "Write Parameters"},
    {0x08, "Caching"},
    {0x0D, "CD Device Parameters"},
    {0x0E, "CD Audio Control"},
    {0x1A, "Power Condition"},
    {0x1C, "Fault/Failure Reporting Control"},
    {0x1D, "Time-out and Protect"},
    {0x2A, "CD/DVD Capabilities and Mechanical Status"},
};

static const char *lookup(const struct code_name *t, size_t n, uint16_t code)
{
	for (size_t i = 0; i < n; i++)
		if (t[i].code == code)
			return t[i].name;
	return "unknown";
}

const char *feature_name(uint16_t code)
{
	return lookup(features, sizeof(features) / sizeof(features[0]), code);
}

const char *mode_page_name(uint8_t code)
{
	return lookup(pages, sizeof(pages) / sizeof(pages[0]), code);
}

const char *loading_mechanism_name(uint8_t type)
{
	switch (type) {
	case 0:
		return "caddy";
	case 1:
		return "tray";
	case 2:
		return "pop-up";
	case 4:
		return "changer";
	case 5:
		return "changer-magazine";
	default:
		return "unknown";
	}
}
