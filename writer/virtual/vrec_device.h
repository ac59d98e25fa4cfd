/*
 * vrec_device.h - the virtual recorder as a device: the disc it holds,
 * tray and lock, mode pages, speeds, drive buffer, the Immed operation in
 * progress, and the files of the image; and the helpers every command
 * file uses, defined in vrec_device.c.  The command handlers themselves
 * are declared in vrec_cmd.h, for the dispatcher (vrec.c).
 *
 * No lock: the transport contract (scsi.h) has the caller serialise
 * execute(), so every field is touched by one thread at a time.
 */
#ifndef BURNFS_VREC_DEVICE_H
#define BURNFS_VREC_DEVICE_H

#include "mmc_cdb.h"
#include "scsi.h"
#include "vrec_fault.h"
#include "vrec_internal.h"

#define VREC_PATH_MAX 4200
#define VREC_RESP_MAX 65536
/* The longest IMAGE.state: 99 tracks with all their index points. */
#define VREC_STATE_MAX (128 * 1024)

/* READ SUB-CHANNEL audio status (MMC). */
enum vrec_audio_status {
	VREC_AUDIO_PLAYING = 0x11,
	VREC_AUDIO_PAUSED = 0x12,
	VREC_AUDIO_COMPLETED = 0x13,
	VREC_AUDIO_ERROR = 0x14,
	VREC_AUDIO_NONE = 0x15,
};

/* An audio play (vrec_play.c): sectors [from, end) at 1x from t0. */
struct vrec_play {
	uint8_t status; /* enum vrec_audio_status */
	int32_t from, end;
	double t0;
};

struct vrec {
	struct scsi_transport base; /* first: the transport interface */
	struct vrec_config cfg;
	char state_path[VREC_PATH_MAX];
	char bin_path[VREC_PATH_MAX];
	char cue_path[VREC_PATH_MAX];
	char nrg_path[VREC_PATH_MAX];
	char cdtext_path[VREC_PATH_MAX]; /* CD-TEXT packs (vrec_cdtext.c) */
	char bin_name[VREC_PATH_MAX]; /* basename of bin_path, for the cue sheet
				       */
	int bin_fd;

	struct vrec_disc disc; /* what is recorded on the medium */
	struct vrec_disc sim;  /* test write (laser off): a throw-away copy */
	bool sim_active;

	bool tray_open;
	bool prevent;	     /* PREVENT ALLOW MEDIUM REMOVAL */
	bool ua_pending;     /* 06/28/00 owed after a load */
	uint8_t media_event; /* GET EVENT STATUS media event to report */

	struct vrec_mode mode;
	struct vrec_speeds speeds;
	unsigned write_x, read_x; /* as SET CD SPEED asked (the drive's) */
	struct vrec_pace pace;

	/* Operation running after an Immed command returned GOOD. */
	bool busy;
	double busy_start, busy_end;
	unsigned busy_polls; /* busy answers left before it completes */
	int progress;	     /* for the sense of the current command, or -1 */

	struct vrec_fault_state fault; /* faults fired (vrec_fault.c) */

	int32_t head; /* the sector last read or played */
	struct vrec_play play;
	/* The sense's INFORMATION field for the current command (the LBA
	 * a read failed at), when valid. */
	bool sense_info_valid;
	uint32_t sense_info;
	/* The sense-key specific field pointer (a byte of the parameter
	 * list) for the current command, when valid. */
	bool sense_field_valid;
	uint16_t sense_field;

	/* The Session-At-Once recording announced by SEND CUE SHEET
	 * (vrec_sao.c); NULL when none. */
	struct vrec_sao *sao;

	uint8_t resp[VREC_RESP_MAX];
};

/* The write speeds the loaded medium allows (the drive's own speeds for
 * a CD-R, or without a medium). */
void vrec_write_speeds(const struct vrec *v, struct vrec_speeds *out);
/* The write speed in use: the fastest the medium allows at or below
 * the one SET CD SPEED asked for (write_x), else its slowest. */
unsigned vrec_write_x(const struct vrec *v);
/* Bytes per second at the current write speed. */
double vrec_rate(const struct vrec *v);
/* The disc commands act on: the test-write copy while one runs. */
struct vrec_disc *vrec_cur(struct vrec *v);
/* Starts an Immed operation of `seconds` (busy for at most `polls`
 * answers when polls > 0). */
void vrec_set_busy(struct vrec *v, double seconds, unsigned polls);
/* Blocks until the drive buffer is empty (pace=1, no Immed). */
void vrec_wait_drain(struct vrec *v);
/* Persists the disc: IMAGE.state, and IMAGE.cue / IMAGE.nrg. */
enum { VREC_SAVE_STATE = 1, VREC_SAVE_CUE = 2, VREC_SAVE_NRG = 4 };
int vrec_save(struct vrec *v, unsigned what);
void vrec_log(const struct vrec *v, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

/* Writes len bytes to IMAGE.bin at sector lba.  0 or VS_WRITE_ERROR
 * (logged). */
int vrec_store(struct vrec *v, const void *data, size_t len, int32_t lba);
/* Ends the open track of vrec_cur(): pads it to 300 sectors with
 * silence and, unless it is a test write, saves state and cue sheet. */
int vrec_finish_track(struct vrec *v);

/* What becomes of the track being written when a recording stops. */
enum vrec_stop {
	VREC_STOP_END_TRACK, /* ended where its data stopped (eject) */
	VREC_STOP_BREAK,     /* broken off, marked damaged (medium removed) */
	VREC_STOP_DISCARD,   /* left alone: the disc is replaced or erased */
};
/*
 * Stops whatever recording is under way: the test-write copy is dropped,
 * the Immed operation and the drive buffer are emptied, and the real
 * disc's open track is dealt with as `how` says.
 */
void vrec_stop_recording(struct vrec *v, enum vrec_stop how);

#endif
