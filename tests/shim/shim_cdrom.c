/*
 * shim_cdrom.c - the CDROM_* ioctls of the Linux cdrom driver
 * (drivers/cdrom/cdrom.c with sr as the low-level driver), answered with
 * the MMC commands the kernel itself would send: TEST UNIT READY for the
 * drive status, READ TOC formats 0 and 1 for the TOC and the multisession
 * address, READ SUB-CHANNEL for the position and the catalogue number,
 * PLAY AUDIO MSF and PAUSE/RESUME for playing, START STOP UNIT for the
 * tray, PREVENT ALLOW for the lock.
 * libcdio (cd-info) reads discs through these.
 */
#include <errno.h>
#include <linux/cdrom.h>
#include <string.h>

#include "bytes.h"
#include "msf.h"
#include "shim.h"

#define SENSE_KEY(s) (((s) >> 16) & 0x0f)
#define SENSE_ASC(s) (((s) >> 8) & 0xff)
#define SENSE_ASCQ(s) ((s)&0xff)

/* What the cdrom driver claims for an sr CD-R/RW recorder. */
#define SHIM_CDC_MASK                                                          \
	(CDC_CLOSE_TRAY | CDC_OPEN_TRAY | CDC_LOCK | CDC_SELECT_SPEED |        \
	 CDC_MULTI_SESSION | CDC_MCN | CDC_MEDIA_CHANGED | CDC_PLAY_AUDIO |    \
	 CDC_RESET | CDC_DRIVE_STATUS | CDC_GENERIC_PACKET | CDC_CD_R |        \
	 CDC_CD_RW)

/* Runs a command, retrying a few times on UNIT ATTENTION (the kernel's
 * scsi_execute does the same). */
static int run(struct scsi_transport *t, const uint8_t *cdb, size_t cdb_len,
	       void *buf, size_t len, size_t *got)
{
	int s = 0;
	for (int i = 0; i < 3; i++) {
		s = shim_run(t, cdb, cdb_len, buf, len, got);
		if (s <= 0 || SENSE_KEY(s) != 0x06)
			break;
	}
	return s;
}

/* errno for a failed command, as sr_do_ioctl maps it. */
static int sense_errno(int s)
{
	if (s < 0)
		return -EIO;
	if (SENSE_KEY(s) == 0x02 && SENSE_ASC(s) == 0x3a)
		return -ENOMEDIUM;
	if (SENSE_KEY(s) == 0x02)
		return -EBUSY;
	if (SENSE_KEY(s) == 0x05)
		return -EIO;
	return -EIO;
}

static int drive_status(struct scsi_transport *t)
{
	const uint8_t tur[6] = {0x00};
	int s = run(t, tur, sizeof(tur), NULL, 0, NULL);
	if (s == 0)
		return CDS_DISC_OK;
	if (s < 0)
		return CDS_NO_INFO;
	if (SENSE_KEY(s) == 0x02 && SENSE_ASC(s) == 0x3a)
		return SENSE_ASCQ(s) == 0x02 ? CDS_TRAY_OPEN : CDS_NO_DISC;
	if (SENSE_KEY(s) == 0x02 && SENSE_ASC(s) == 0x04)
		return CDS_DRIVE_NOT_READY;
	return CDS_DISC_OK; /* answered, just not GOOD: a disc is there */
}

/* READ TOC/PMA/ATIP format fmt for track/session n. */
static int read_toc(struct scsi_transport *t, int fmt, bool msf, uint8_t n,
		    uint8_t *buf, size_t len, size_t *got)
{
	uint8_t cdb[10] = {0x43};
	cdb[1] = msf ? 0x02 : 0x00;
	cdb[2] = (uint8_t)fmt;
	cdb[6] = n;
	put_be16(cdb + 7, (uint16_t)len);
	memset(buf, 0, len);
	return run(t, cdb, sizeof(cdb), buf, len, got);
}

static int toc_header(struct scsi_transport *t, struct cdrom_tochdr *h)
{
	uint8_t buf[4];
	size_t got;
	int s = read_toc(t, 0, false, 0, buf, sizeof(buf), &got);
	if (s)
		return sense_errno(s);
	if (got < 4)
		return -EIO;
	h->cdth_trk0 = buf[2];
	h->cdth_trk1 = buf[3];
	return 0;
}

static void put_addr(union cdrom_addr *a, uint8_t format, const uint8_t *d,
		     bool d_is_msf)
{
	if (format == CDROM_MSF) {
		if (d_is_msf) {
			a->msf.minute = d[1];
			a->msf.second = d[2];
			a->msf.frame = d[3];
		} else {
			struct msf m = msf_from_lba((int32_t)get_be32(d));
			a->msf.minute = (uint8_t)m.m;
			a->msf.second = (uint8_t)m.s;
			a->msf.frame = (uint8_t)m.f;
		}
	} else {
		a->lba = (int)get_be32(d);
	}
}

static int toc_entry(struct scsi_transport *t, struct cdrom_tocentry *e)
{
	uint8_t buf[12];
	size_t got;
	bool msf = e->cdte_format == CDROM_MSF;
	if (e->cdte_format != CDROM_MSF && e->cdte_format != CDROM_LBA)
		return -EINVAL;
	int s = read_toc(t, 0, msf, e->cdte_track, buf, sizeof(buf), &got);
	if (s)
		return sense_errno(s);
	if (got < 12)
		return -EIO;
	e->cdte_ctrl = buf[5] & 0x0f;
	e->cdte_adr = buf[5] >> 4;
	e->cdte_datamode = (e->cdte_ctrl & CDROM_DATA_TRACK) ? 1 : 0;
	put_addr(&e->cdte_addr, e->cdte_format, buf + 8, msf);
	return 0;
}

/* The kernel's cdrom_count_tracks + CDROM_DISC_STATUS policy. */
static int disc_status(struct scsi_transport *t)
{
	struct cdrom_tochdr h;
	int e = toc_header(t, &h);
	if (e)
		return e == -ENOMEDIUM ? CDS_NO_DISC : CDS_NO_INFO;
	int audio = 0, data = 0;
	for (int i = h.cdth_trk0; i <= h.cdth_trk1 && i <= 99; i++) {
		struct cdrom_tocentry te;
		memset(&te, 0, sizeof(te));
		te.cdte_track = (uint8_t)i;
		te.cdte_format = CDROM_MSF;
		if (toc_entry(t, &te))
			return CDS_NO_INFO;
		if (te.cdte_ctrl & CDROM_DATA_TRACK)
			data++;
		else
			audio++;
	}
	if (audio > 0)
		return data ? CDS_MIXED : CDS_AUDIO;
	if (data > 0)
		return CDS_DATA_1;
	return CDS_NO_INFO;
}

static int multisession(struct scsi_transport *t, struct cdrom_multisession *ms)
{
	uint8_t buf[12];
	size_t got;
	uint8_t format = ms->addr_format;
	if (format != CDROM_MSF && format != CDROM_LBA)
		return -EINVAL;
	int s = read_toc(t, 1, false, 0, buf, sizeof(buf), &got);
	int32_t lba = 0;
	if (s == 0 && got >= 12)
		lba = (int32_t)get_be32(buf + 8);
	else if (s > 0 && SENSE_KEY(s) == 0x02 && SENSE_ASC(s) == 0x3a)
		return -ENOMEDIUM;
	/* sr reports the last session only when it is not the first. */
	ms->xa_flag = lba > 0;
	uint8_t be[4];
	put_be32(be, (uint32_t)lba);
	put_addr(&ms->addr, format, be, false);
	return 0;
}

/* READ SUB-CHANNEL with SubQ for format fmt (cdrom.c / sr_get_mcn). */
static int read_subchannel(struct scsi_transport *t, uint8_t fmt, bool msf,
			   uint8_t *buf, size_t len)
{
	uint8_t cdb[10] = {0x42, msf ? 0x02 : 0x00, 0x40, fmt};
	put_be16(cdb + 7, (uint16_t)len);
	memset(buf, 0, len);
	size_t got;
	int s = run(t, cdb, sizeof(cdb), buf, len, &got);
	if (s)
		return sense_errno(s);
	return got >= 4 ? 0 : -EIO;
}

/* CDROMSUBCHNL: format 01h in MSF, converted as the cdrom driver does. */
static int subchannel(struct scsi_transport *t, struct cdrom_subchnl *sc)
{
	uint8_t format = sc->cdsc_format;
	if (format != CDROM_MSF && format != CDROM_LBA)
		return -EINVAL;
	uint8_t buf[16];
	int e = read_subchannel(t, 0x01, true, buf, sizeof(buf));
	if (e)
		return e;
	memset(sc, 0, sizeof(*sc));
	sc->cdsc_format = format;
	sc->cdsc_audiostatus = buf[1];
	sc->cdsc_adr = buf[5] >> 4;
	sc->cdsc_ctrl = buf[5] & 0x0f;
	sc->cdsc_trk = buf[6];
	sc->cdsc_ind = buf[7];
	uint8_t abs_msf[4] = {0, buf[9], buf[10], buf[11]};
	put_addr(&sc->cdsc_absaddr, CDROM_MSF, abs_msf, true);
	sc->cdsc_reladdr.msf.minute = buf[13];
	sc->cdsc_reladdr.msf.second = buf[14];
	sc->cdsc_reladdr.msf.frame = buf[15];
	if (format == CDROM_LBA) {
		struct msf a = {buf[9], buf[10], buf[11]};
		sc->cdsc_absaddr.lba = msf_to_lba(a);
		sc->cdsc_reladdr.lba =
		    buf[13] * 60 * 75 + buf[14] * 75 + buf[15];
	}
	return 0;
}

/* CDROM_GET_MCN: format 02h, the 13 digits as sr_get_mcn copies them. */
static int get_mcn(struct scsi_transport *t, struct cdrom_mcn *mcn)
{
	uint8_t buf[24];
	int e = read_subchannel(t, 0x02, false, buf, sizeof(buf));
	if (e)
		return e;
	memcpy(mcn->medium_catalog_number, buf + 9,
	       sizeof(mcn->medium_catalog_number) - 1);
	mcn->medium_catalog_number[sizeof(mcn->medium_catalog_number) - 1] = 0;
	return 0;
}

static int play_msf(struct scsi_transport *t, const struct cdrom_msf *m)
{
	uint8_t cdb[10] = {0x47,
			   0,
			   0,
			   m->cdmsf_min0,
			   m->cdmsf_sec0,
			   m->cdmsf_frame0,
			   m->cdmsf_min1,
			   m->cdmsf_sec1,
			   m->cdmsf_frame1};
	int s = run(t, cdb, sizeof(cdb), NULL, 0, NULL);
	return s ? sense_errno(s) : 0;
}

static int pause_resume(struct scsi_transport *t, bool resume)
{
	uint8_t cdb[10] = {0x4b};
	cdb[8] = resume ? 1 : 0;
	int s = run(t, cdb, sizeof(cdb), NULL, 0, NULL);
	return s ? sense_errno(s) : 0;
}

static int start_stop(struct scsi_transport *t, uint8_t b4)
{
	uint8_t cdb[6] = {0x1b, 0, 0, 0, b4, 0};
	int s = run(t, cdb, sizeof(cdb), NULL, 0, NULL);
	return s ? sense_errno(s) : 0;
}

static int prevent_allow(struct scsi_transport *t, bool prevent)
{
	uint8_t cdb[6] = {0x1e, 0, 0, 0, prevent ? 1 : 0, 0};
	int s = run(t, cdb, sizeof(cdb), NULL, 0, NULL);
	return s ? sense_errno(s) : 0;
}

static int select_speed(struct scsi_transport *t, unsigned long x)
{
	uint8_t cdb[12] = {0xbb};
	uint32_t kbs = x == 0 ? 0xffff : (uint32_t)(x * 177);
	if (kbs > 0xffff)
		kbs = 0xffff;
	put_be16(cdb + 2, (uint16_t)kbs);
	put_be16(cdb + 4, 0xffff);
	int s = run(t, cdb, sizeof(cdb), NULL, 0, NULL);
	return s ? sense_errno(s) : 0;
}

long shim_cdrom_ioctl(struct scsi_transport *t, unsigned long request,
		      void *arg)
{
	switch (request) {
	case CDROM_DRIVE_STATUS:
		return drive_status(t);
	case CDROM_GET_CAPABILITY:
		return SHIM_CDC_MASK;
	case CDROM_MEDIA_CHANGED:
		return 0;
	case CDROM_SET_OPTIONS:
	case CDROM_CLEAR_OPTIONS:
		return 0;
	case CDROM_DISC_STATUS:
		return disc_status(t);
	case CDROMREADTOCHDR:
		if (!arg)
			return -EFAULT;
		return toc_header(t, arg);
	case CDROMREADTOCENTRY:
		if (!arg)
			return -EFAULT;
		return toc_entry(t, arg);
	case CDROMMULTISESSION:
		if (!arg)
			return -EFAULT;
		return multisession(t, arg);
	case CDROMSUBCHNL:
		if (!arg)
			return -EFAULT;
		return subchannel(t, arg);
	case CDROM_LOCKDOOR:
		return prevent_allow(t, (unsigned long)arg != 0);
	case CDROMEJECT: {
		int e = prevent_allow(t, false);
		return e ? e : start_stop(t, 0x02);
	}
	case CDROMCLOSETRAY:
		return start_stop(t, 0x03);
	case CDROMSTART:
		return start_stop(t, 0x01);
	case CDROMSTOP:
		return start_stop(t, 0x00);
	case CDROM_SELECT_SPEED:
		return select_speed(t, (unsigned long)arg);
	case CDROMRESET:
		return 0;
	case CDROM_GET_MCN:
		if (!arg)
			return -EFAULT;
		return get_mcn(t, arg);
	case CDROMPLAYMSF:
		if (!arg)
			return -EFAULT;
		return play_msf(t, arg);
	case CDROMPAUSE:
		return pause_resume(t, false);
	case CDROMRESUME:
		return pause_resume(t, true);
	}
	return -ENOTTY;
}
