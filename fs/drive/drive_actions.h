/*
 * drive_actions.h - the action files of a drive directory besides commit
 * and cancel: `eject` (1 opens the tray, 0 closes it), `blank` (fast or
 * full erasure of a CD-RW) and, on virtual recorders only, `load` (a new
 * blank disc of a chosen kind in the open tray).  Each logs what it did
 * or why it refused, and returns 0 or -errno for the write().
 */
#ifndef BURNFS_DRIVE_ACTIONS_H
#define BURNFS_DRIVE_ACTIONS_H

#include <stddef.h>
#include <sys/types.h>

#include "drive.h"

enum drive_action {
	DRIVE_ACTION_EJECT,
	DRIVE_ACTION_BLANK,
	DRIVE_ACTION_LOAD,
};

/* The action file's name ("eject", "blank", "load"). */
const char *drive_action_name(enum drive_action a);

/*
 * Performs the action the written bytes ask for:
 *   eject: 1 (also yes/true/on/open) or 0 (no/false/off/close), else EINVAL;
 *   blank: fast | full (also minimal / all), else EINVAL; EMEDIUMTYPE for
 *          a disc that is not a CD-RW, ENOMEDIUM, EBUSY during a burn;
 *   load:  cdr74 | cdr80 | cdrw74 | cdrw80 (EINVAL otherwise; EBUSY with
 *          the tray closed).
 * blank blocks until the drive has finished; status and progress follow
 * it meanwhile.
 */
int drive_action(struct drive *d, enum drive_action a, const char *buf,
		 size_t len, pid_t pid);

#endif
