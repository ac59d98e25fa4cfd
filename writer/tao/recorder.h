/*
 * recorder.h - one CD recorder as the filesystem sees it: what the drive
 * is, what disc is in it, and the burn jobs (Track-At-Once or
 * Session-At-Once) that run on it.
 *
 * This is the boundary between fs/ and writer/: the filesystem opens
 * drives, reads them, runs jobs on them and hears of them only through
 * this header.  A recorder owns a transport (virtual or SG_IO; opaque
 * here) and serialises every command sent to it.
 *
 * One job model: a burn (or test write, or the close of an open
 * session) and a blank are jobs, run one at a time by the recorder's job
 * thread.  "Busy" begins when recorder_commit or recorder_blank starts a
 * job and ends when its thread has delivered RECORDER_EVENT_JOB_END; the
 * job's final state becomes visible in the status only then, so that
 * whoever sees "done" also sees what the job's end changed.  While a job
 * runs, its thread owns the transport; queries answer from the snapshot
 * taken before the job (media, drive) or from the live job status.
 * No caller's thread waits for a job.
 *
 * Lock: recorder->lock (private, in recorder.c) protects the transport
 * while no job runs, the cached drive/media snapshots, the job status,
 * `busy` and the job thread's handle.  Callbacks are invoked without it
 * held.
 */
#ifndef BURNFS_RECORDER_H
#define BURNFS_RECORDER_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>
#include <time.h>

struct scsi_transport; /* writer/mmc/scsi.h; opaque to the filesystem */

/* ---- drive and media description -------------------------------------- */

/* A GET CONFIGURATION feature descriptor's header. */
struct drive_feature {
	uint16_t code;
	uint8_t version;
	bool current, persistent;
};

/* Page 2Ah Loading Mechanism Type (byte 6 bits 7-5). */
enum drive_loading_mechanism {
	DRIVE_LOADING_CADDY = 0,
	DRIVE_LOADING_TRAY = 1,
	DRIVE_LOADING_POPUP = 2,
	DRIVE_LOADING_CHANGER = 4,
	DRIVE_LOADING_MAGAZINE = 5,
};

struct drive_info {
	char vendor[9], product[17], revision[5];
	uint16_t current_profile;
	size_t n_profiles;
	uint16_t profiles[32];
	bool can_write_cd_r, can_write_cd_rw, can_test_write, has_bufe;
	bool can_eject;
	/* Feature 002Eh (CD Mastering) with its SAO bit: Session-At-Once. */
	bool can_write_sao;
	uint32_t buffer_size_bytes;
	uint16_t max_read_speed_kbps, max_write_speed_kbps;
	uint16_t current_write_speed_kbps;
	size_t n_write_speeds;
	uint16_t write_speeds_kbps[32]; /* descending */
	/* Additions for IMAPI's feature/mode page lists and speed
	   descriptors (drive_caps.c). */
	uint8_t write_speed_rotation[32]; /* per speed: 0 CLV, 1 CAV */
	bool speeds_from_performance; /* GET PERFORMANCE type 03h, else 2Ah */
	uint8_t current_rotation;     /* page 2Ah byte 27: 0 CLV, 1 CAV */
	size_t n_features;	      /* every feature, in the drive's order */
	struct drive_feature features[64];
	size_t n_mode_pages; /* MODE SENSE page 3Fh: the page codes */
	uint8_t mode_pages[64];
	uint8_t loading_mechanism; /* enum drive_loading_mechanism */
	bool can_load;		   /* can close its tray (load a disc) */
};

enum media_type {
	MEDIA_NONE = 0,
	MEDIA_CD_ROM,
	MEDIA_CD_R,
	MEDIA_CD_RW,
	MEDIA_UNKNOWN,
};

enum media_state {
	MEDIA_STATE_NONE = 0, /* no medium */
	MEDIA_STATE_BLANK,
	MEDIA_STATE_OPEN,	/* last session not closed */
	MEDIA_STATE_APPENDABLE, /* sessions closed, next session allowed */
	MEDIA_STATE_CLOSED,	/* finalized */
};

struct media_track {
	uint8_t number;
	uint8_t session;
	uint8_t control; /* Q control bits (q_control.h) */
	int32_t start_lba;
	uint32_t length; /* sectors, as READ TRACK INFORMATION's Track Size */
	bool damaged;	 /* READ TRACK INFORMATION's Damage bit */
};

struct media_info {
	enum media_type type;
	enum media_state state;
	bool erasable;
	unsigned n_sessions; /* complete sessions (plus the open one) */
	bool session_open;   /* last session is incomplete */
	size_t n_tracks;
	struct media_track tracks[99];
	int32_t leadin_lba;		   /* ATIP lead-in start */
	int32_t last_possible_leadout_lba; /* capacity from ATIP / disc info */
	bool writable;			   /* a new track may be written now */
	int32_t next_writable_address;	   /* valid when writable */
	uint32_t
	    free_sectors; /* from the invisible track, valid when writable */
	uint8_t next_track_number;
	bool first_track_of_session; /* next track opens a new session */
	uint8_t atip_disc_sub_type;
	bool atip_valid;
	bool atip_disc_type_rw; /* ATIP Disc Type: CD-RW (else CD-R) */
	/* ATIP start of lead-in as recorded (M >= 90): on real media the
	   disc manufacturer's code. */
	uint8_t atip_leadin_m, atip_leadin_s, atip_leadin_f;
};

/* ---- burn job --------------------------------------------------------- */

/*
 * A staged track as the writer sees it: built once by the staging area,
 * shown by the toc, checked at commit and burnt by the engine.  A list
 * of them is owned by whoever holds it and freed with burn_tracks_free.
 */
/* Bytes of little-endian CD-DA PCM in a file: a piece of a track's
 * source when it spans files (a cue sheet's track). */
struct burn_span {
	char *path;
	uint64_t offset; /* byte offset in path */
	uint64_t length; /* bytes (multiple of 4) */
	/* The file's samples are big-endian (a cue sheet's FILE ...
	 * MOTOROLA): swapped as they are read.  Session-At-Once only. */
	bool big_endian;
};

/* INDEX 02..99 of a track (Session-At-Once). */
#define BURN_MAX_INDEX 98

struct burn_track {
	char *name;	 /* as shown to the user ("01 intro.wav") */
	char *path;	 /* file holding little-endian CD-DA PCM */
	uint64_t offset; /* byte offset of the PCM in path */
	/* Bytes of the track's source (multiple of 4): for TAO and for most
	 * tracks the PCM; in SAO, with pregap_audio, the pregap's
	 * pregap * 2352 bytes and then the PCM. */
	uint64_t length;
	bool pre_emphasis;
	bool copy_permitted;
	char isrc[13]; /* empty, or 12 characters */
	/* The file's tags (or what the user set instead): shown by the toc,
	 * and CD-TEXT TITLE, PERFORMER, SONGWRITER, COMPOSER in SAO with
	 * burn_options.cd_text.  NULL or "" when absent; UTF-8. */
	char *title;
	char *artist;
	char *songwriter;
	char *composer;
	/* The file's album and album artist tags: the disc's CD-TEXT title
	 * and performer when the disc_title / disc_performer controls are
	 * empty (taken from the first track that has them). */
	char *album;
	char *album_artist;

	/* ---- Session-At-Once only (TAO refuses tracks that need them:
	 * burn_tracks_need_sao) ---- */
	/* The source in n_spans pieces of files, one after the other
	 * (length is their sum); 0: path/offset/length. */
	size_t n_spans;
	struct burn_span *spans;
	/* Sectors from INDEX 00 to INDEX 01 (0: none; for track 1 hidden
	 * audio after the 2 s every disc starts with), and whether they
	 * are audio of the source rather than silence. */
	uint32_t pregap;
	bool pregap_audio;
	/* The pregap was asked for (a cue sheet, user.pregap), not the
	 * mode's default: TAO can only write 2 s of silence. */
	bool pregap_given;
	uint32_t postgap; /* sectors of silence after the PCM */
	/* INDEX 02...: sectors from INDEX 01, increasing. */
	uint8_t n_index;
	uint32_t index[BURN_MAX_INDEX];
	bool scms; /* the one permitted copy has been made */
	/* The media catalog number of the album the track comes from (a cue
	 * sheet's CATALOG): burnt as the disc's MCN (burn_tracks_mcn). */
	char catalog[14]; /* empty, or 13 digits */
};

/* Frees the strings of n tracks and the array (NULL is fine). */
void burn_tracks_free(struct burn_track *tracks, size_t n);

struct tao_layout;
/* Where n tracks go when written Track-At-Once from nwa (tao_layout.h;
 * tao_layout_free it).  NULL when out of memory. */
struct tao_layout *
burn_tracks_layout(int32_t nwa, const struct burn_track *tracks, size_t n);

struct sao_layout;
/*
 * Where n tracks (1..99) go when written Session-At-Once on a blank disc
 * (sao_layout.h; free() it).  Returns 0, -ENOMEM, or -EINVAL with a
 * sentence in why (a track too short before a gapless join, the disc
 * longer than 99:59:74).
 */
int burn_tracks_sao_layout(const struct burn_track *tracks, size_t n,
			   struct sao_layout **out, char *why, size_t why_len);
/*
 * Whether the tracks can only be written Session-At-Once (a source in
 * several files, a pregap other than TAO's 2 s of silence, a postgap,
 * index points); why names the first such track.
 */
bool burn_tracks_need_sao(const struct burn_track *tracks, size_t n, char *why,
			  size_t why_len);

/*
 * The MCN a burn writes: the mcn control's (mcn, "" when empty), else
 * the catalog the tracks carry (a cue sheet's CATALOG), into out.  0, or
 * -EINVAL with a sentence in why when two tracks carry different
 * catalogs, or the mcn control differs from theirs: the burn does not
 * pick one of two numbers for the user.
 */
int burn_tracks_mcn(const struct burn_track *tracks, size_t n, const char *mcn,
		    char out[14], char *why, size_t why_len);

enum burn_write_mode {
	BURN_WRITE_TAO = 0, /* Track-At-Once: write type 1, a track at a time */
	BURN_WRITE_SAO,	    /* Session-At-Once: cue sheet, one stream */
};

/* CD-TEXT a text can be given for (disc and tracks). */
#define BURN_TEXT_BYTES 161 /* 160 characters and the NUL */
struct burn_disc_text {
	char title[BURN_TEXT_BYTES]; /* UTF-8; "" when none */
	char performer[BURN_TEXT_BYTES];
	char songwriter[BURN_TEXT_BYTES];
	char composer[BURN_TEXT_BYTES];
};

struct burn_options {
	bool do_not_finalize;	/* close session, leave disc appendable */
	bool keep_session_open; /* do not close the session at all (TAO) */
	bool test_write;	/* laser off */
	bool buffer_underrun_protection;
	uint16_t write_speed_kbps; /* 0: maximum */
	char mcn[14];		   /* empty, or 13 digits */
	bool verify; /* read the tracks back after the burn and compare */
	enum burn_write_mode write_mode;
	/* SAO: write the texts (disc and tracks) as CD-TEXT. */
	bool cd_text;
	struct burn_disc_text disc_text;
};

/*
 * The states of a job, as the spec fixes them for `status`.  The engine
 * never reports BURN_CONVERTING (conversions run at staging time and
 * show in status's `converting` key) nor BURN_BLANKING (a blank is
 * BURN_WRITING with action "blank-fast" or "blank-full"); both stay so
 * that every state of the spec has its name.
 */
enum burn_state {
	BURN_IDLE = 0,
	BURN_CONVERTING,
	BURN_PREPARING,
	BURN_WRITING,
	BURN_FINISHING,
	BURN_VERIFYING,
	BURN_DONE,
	BURN_FAILED,
	BURN_CANCELLED,
	BURN_BLANKING, /* burn_state_name gives "writing" */
};

/* "idle", "preparing", ... as the status file spells them. */
const char *burn_state_name(enum burn_state s);

struct burn_status {
	enum burn_state state;
	unsigned
	    current_track; /* 1-based index into the job's tracks; 0 none */
	unsigned tracks_total;
	uint64_t sectors_written; /* of this job */
	uint64_t sectors_total;
	double elapsed_s;
	double remaining_s; /* estimate, < 0 unknown */
	double speed_x;	    /* current write speed in multiples of 176.4 kB/s */
	unsigned host_buffer_percent;
	unsigned drive_buffer_percent;
	uint64_t host_buffer_bytes;
	char last_error[256]; /* empty when none */
	pid_t owner_pid;      /* the process that committed, 0 none */
	/* Verification: empty when the job does not verify; else
	   "running, track 2 of 3", "passed, ..." or "failed, ...". */
	char verify[256];
	/* What the job does, one word (doc/files.md): "burn", "test-write",
	   "close-session", "blank-fast", "blank-full"; empty before any. */
	char action[16];
	char owner_comm[17]; /* owner_pid's command name at the start */
	uint64_t host_buffer_total_bytes; /* size of the host buffer */
};

/* ---- events ------------------------------------------------------------ */

enum recorder_event_kind {
	/* A job starts (sent before recorder_commit or recorder_blank
	   returns, before any PROGRESS of the job). */
	RECORDER_EVENT_JOB_START,
	RECORDER_EVENT_LOG,	 /* a line for the drive's log */
	RECORDER_EVENT_PROGRESS, /* status changed (state, track, sectors) */
	/* The job ended; status.state says how.  Delivered while the
	   recorder is still busy: the final state becomes visible in
	   recorder_status when the callback returns. */
	RECORDER_EVENT_JOB_END,
	/* After JOB_END: the recorder is idle and the end visible. */
	RECORDER_EVENT_IDLE,
};

/* What a job does. */
enum recorder_job_kind {
	RECORDER_JOB_BURN,
	RECORDER_JOB_TEST_WRITE,
	RECORDER_JOB_CLOSE_SESSION, /* a commit with no tracks */
	RECORDER_JOB_BLANK,
};

struct recorder_event {
	enum recorder_event_kind kind;
	const char *message;		  /* LOG: the line (no newline) */
	const struct burn_status *status; /* all but LOG */
	enum recorder_job_kind job;	  /* all but LOG and PROGRESS */
};

typedef void (*recorder_event_fn)(void *ctx, const struct recorder_event *ev);

/* ---- the recorder ------------------------------------------------------ */

struct recorder;

/* ---- opening drives (recorder_open.c) ---------------------------------- */

/* Opens a real drive (/dev/srN) through SG_IO.  NULL with a sentence in
 * err when it cannot be used. */
struct scsi_transport *recorder_open_device(const char *path, char *err,
					    size_t err_len);
/* Opens a virtual recorder from a --virtual spec ("NAME:IMAGE[,keys]");
 * name gets NAME.  NULL with a sentence in err. */
struct scsi_transport *recorder_open_virtual(const char *spec, char *name,
					     size_t name_len, char *err,
					     size_t err_len);
/* Closes a transport that was not handed to recorder_new. */
void recorder_transport_close(struct scsi_transport *t);
/* Whether the recorder is a virtual one (it can load new discs). */
bool recorder_is_virtual(struct recorder *r);
/*
 * Virtual recorders: with the tray open, puts the disc aside and lays a
 * new blank one of the named kind ("cdr74", "cdr80", "cdrw74", "cdrw80")
 * in the tray.  msg gets where the old disc went, or why it failed.
 * -EINVAL for an unknown kind, -ENOTSUP for a real drive, -EBUSY while a
 * job runs or with the tray closed.
 */
int recorder_load_disc(struct recorder *r, const char *media, char *msg,
		       size_t msg_len);

/*
 * Takes ownership of transport.  name is the drive's directory name.
 * on_event is called from the job thread (and from the calling thread
 * for LOG lines of synchronous checks).
 */
struct recorder *recorder_new(const char *name,
			      struct scsi_transport *transport,
			      recorder_event_fn on_event, void *ctx);
/* Cancels and joins a running job, then frees everything. */
void recorder_free(struct recorder *r);

const char *recorder_name(const struct recorder *r);

/*
 * INQUIRY, GET CONFIGURATION, page 2Ah, the mode page list and GET
 * PERFORMANCE (drive_caps.h).  Asked again on every call while no job
 * runs (current features and speeds follow the disc); during a job, the
 * last answer.
 */
int recorder_drive_info(struct recorder *r, struct drive_info *out);
/*
 * Reads the disc (READ DISC INFORMATION, READ TOC, READ TRACK
 * INFORMATION, ATIP).  While a job runs, returns the snapshot taken
 * before it.  Returns 0; a drive without medium is MEDIA_NONE, not an
 * error.  Negative errno only for transport failures.
 */
int recorder_media_info(struct recorder *r, struct media_info *out);
/* Why the last recorder_media_info() failed: the command and the drive's
 * answer in words ("" before any failure). */
void recorder_media_error(struct recorder *r, char *buf, size_t len);

/*
 * Checks everything that can be checked before the laser turns on
 * (drive idle, medium present and writable, tracks fit, at most 99
 * tracks; in SAO the drive can write SAO, the disc is blank and the
 * session is closed) and, if all pass, starts the job in the background
 * and returns 0.  Otherwise returns -EBUSY, -ENOMEDIUM, -EMEDIUMTYPE,
 * -EROFS, -ENOSPC, -ENODATA (nothing to do), -ENOTSUP (the drive cannot
 * write SAO), -EINVAL (options that contradict each other, tracks only
 * SAO can write in TAO mode, an impossible SAO layout) or -EIO, and
 * writes a sentence for the log into why.  Takes ownership of tracks
 * (burn_tracks_free) in every case.  n_tracks may be 0 to only close an open
 * session (keep_session_open = 0).
 */
int recorder_commit(struct recorder *r, const struct burn_options *opts,
		    struct burn_track *tracks, size_t n_tracks, pid_t owner,
		    char *why, size_t why_len);

/*
 * Reads n CD-DA sectors from lba into buf (n * 2352 bytes) with READ CD,
 * under the recorder's lock.  -EBUSY while a job runs; the MMC layer's
 * errno otherwise, with a sentence in why (may be NULL).
 */
int recorder_read_audio(struct recorder *r, int32_t lba, uint32_t n, void *buf,
			char *why, size_t why_len);

/* Asks the running job to stop as soon as the drive allows. */
int recorder_cancel(struct recorder *r);
/* Blocks until no job runs. */
void recorder_wait_idle(struct recorder *r);
bool recorder_busy(struct recorder *r);
void recorder_status(struct recorder *r, struct burn_status *out);

/* ---- actions (recorder_actions.c) -------------------------------------- */

/*
 * Opens (open = true: START STOP UNIT LoEj, Start 0) or closes the tray
 * (LoEj, Start 1).  Allows medium removal first.  -EBUSY while a job or
 * a blank runs; -EIO when the drive refuses.  why gets a sentence for the
 * log in either case (and on success what happened).
 */
int recorder_eject(struct recorder *r, char *why, size_t why_len);
int recorder_load(struct recorder *r, char *why, size_t why_len);

/*
 * Starts a blank job: a CD-RW is blanked (full: the whole disc, else
 * minimally) with BLANK Immed while the job thread polls the drive's
 * progress into the status (state "writing", action "blank-fast" or
 * "blank-full", sectors_written/sectors_total as the share done).
 * Returns 0 once the job runs; -EBUSY, -ENOMEDIUM or -EMEDIUMTYPE (not a
 * CD-RW) at once, with a sentence in why and the status failed.  The
 * job's end is logged and delivered as for a burn.
 */
int recorder_blank(struct recorder *r, bool full, pid_t owner, char *why,
		   size_t why_len);

#endif
