/*
 * discover.c - CD recorders found by libcdio (see discover.h).  Drives
 * that cannot write CD-R or CD-RW are left out; /dev/cdrom and /dev/sr0
 * naming the same drive count once.
 */
#include "discover.h"

#include <cdio/cdio.h>
#include <cdio/device.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>

static int already_listed(char **paths, size_t n, const char *path)
{
	for (size_t i = 0; i < n; i++)
		if (strcmp(paths[i], path) == 0)
			return 1;
	return 0;
}

char **discover_recorders(void)
{
	char **devices = cdio_get_devices(DRIVER_DEVICE);
	size_t n_devices = 0;
	while (devices && devices[n_devices])
		n_devices++;
	char **paths = calloc(n_devices + 1, sizeof(*paths));
	if (!paths) {
		cdio_free_device_list(devices);
		return NULL;
	}
	size_t n = 0;
	for (size_t i = 0; i < n_devices; i++) {
		cdio_drive_read_cap_t read_cap = 0;
		cdio_drive_write_cap_t write_cap = 0;
		cdio_drive_misc_cap_t misc_cap = 0;
		cdio_get_drive_cap_dev(devices[i], &read_cap, &write_cap,
				       &misc_cap);
		if (write_cap == CDIO_DRIVE_CAP_ERROR ||
		    !(write_cap & CDIO_DRIVE_CAP_WRITE_CD))
			continue;
		char resolved[PATH_MAX];
		const char *path =
		    realpath(devices[i], resolved) ? resolved : devices[i];
		if (already_listed(paths, n, path))
			continue;
		paths[n] = strdup(path);
		if (!paths[n])
			break;
		n++;
	}
	cdio_free_device_list(devices);
	return paths;
}

void discover_free(char **paths)
{
	if (!paths)
		return;
	for (char **p = paths; *p; p++)
		free(*p);
	free(paths);
}
