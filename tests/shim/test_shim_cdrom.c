/*
 * test_shim_cdrom.c - the CDROM_* ioctls as the shim answers them from
 * MMC commands: drive status from TEST UNIT READY sense, the TOC header
 * and entries (LBA and MSF) and the disc status from READ TOC format 0,
 * the multisession address from format 1, tray and lock commands.  The
 * drive is a small scripted model of a two-session audio disc.
 */
#include <errno.h>
#include <linux/cdrom.h>

#include "bytes.h"
#include "shim.h"
#include "test_fake.h"

/* Tracks 1-3 audio (track 3 in session 2), lead-out at 40000. */
static const uint32_t starts[] = {0, 1000, 30000};
static bool blank;
static int tur_sense; /* key<<16|asc<<8|ascq for TUR, 0 = GOOD */
static int ua_left;   /* UNIT ATTENTIONs before the next GOOD TUR */

static void set_sense(struct scsi_result *res, int s)
{
	res->status = SCSI_STATUS_CHECK_CONDITION;
	res->sense[0] = 0x70;
	res->sense[2] = (uint8_t)(s >> 16);
	res->sense[7] = 10;
	res->sense[12] = (uint8_t)(s >> 8);
	res->sense[13] = (uint8_t)s;
	res->sense_len = 18;
}

static void put_addr(uint8_t *p, uint32_t lba, bool msf)
{
	if (!msf) {
		put_be32(p, lba);
		return;
	}
	uint32_t a = lba + 150;
	p[0] = 0;
	p[1] = (uint8_t)(a / 4500);
	p[2] = (uint8_t)(a / 75 % 60);
	p[3] = (uint8_t)(a % 75);
}

static size_t toc_model(struct fake *f, const struct scsi_cmd *c,
			struct scsi_result *res)
{
	(void)f;
	uint8_t out[64];
	size_t n = 0;
	memset(out, 0, sizeof(out));
	switch (c->cdb[0]) {
	case 0x00:
		if (ua_left > 0) {
			ua_left--;
			set_sense(res, 0x062800);
		} else if (tur_sense) {
			set_sense(res, tur_sense);
		}
		return 0;
	case 0x43: {
		bool msf = c->cdb[1] & 2;
		if (tur_sense >> 16 == 2) {
			set_sense(res, tur_sense);
			return 0;
		}
		if (blank) {
			set_sense(res, 0x052400);
			return 0;
		}
		if ((c->cdb[2] & 0x0f) == 1) {
			out[1] = 10;
			out[2] = 1;
			out[3] = 2;
			out[5] = 0x10;
			out[6] = 3;
			put_addr(out + 8, starts[2], msf);
			n = 12;
			break;
		}
		uint8_t first = c->cdb[6] ? c->cdb[6] : 1;
		out[2] = 1;
		out[3] = 3;
		n = 4;
		for (uint8_t t = first; t <= 3; t++, n += 8) {
			out[n + 1] = 0x10;
			out[n + 2] = t;
			put_addr(out + n + 4, starts[t - 1], msf);
		}
		if (first <= 3 || first == 0xaa) {
			out[n + 1] = 0x10;
			out[n + 2] = 0xaa;
			put_addr(out + n + 4, 40000, msf);
			n += 8;
		}
		put_be16(out, (uint16_t)(n - 2));
		break;
	}
	case 0x42: /* READ SUB-CHANNEL: playing track 2 at LBA 1010 */
		out[1] = 0x11;
		if (c->cdb[3] == 0x01) {
			out[3] = 12;
			out[4] = 0x01;
			out[5] = 0x10;
			out[6] = 2;
			out[7] = 1;
			put_addr(out + 8, 1010, c->cdb[1] & 2);
			out[15] = 10; /* relative 00:00:10 */
			n = 16;
		} else {
			out[3] = 20;
			out[4] = 0x02;
			out[8] = 0x80;
			memcpy(out + 9, "0123456789012", 13);
			n = 24;
		}
		break;
	case 0x1b:
	case 0x1e:
	case 0xbb:
	case 0x47:
	case 0x4b:
		return 0;
	default:
		set_sense(res, 0x052000);
		return 0;
	}
	size_t k = n < c->data_len ? n : c->data_len;
	memcpy(c->data, out, k);
	return k;
}

static void test_drive_status(struct fake *f)
{
	tur_sense = 0;
	CHECK(shim_cdrom_ioctl(&f->base, CDROM_DRIVE_STATUS, NULL) ==
	      CDS_DISC_OK);
	tur_sense = 0x023a02;
	CHECK(shim_cdrom_ioctl(&f->base, CDROM_DRIVE_STATUS, NULL) ==
	      CDS_TRAY_OPEN);
	tur_sense = 0x023a01;
	CHECK(shim_cdrom_ioctl(&f->base, CDROM_DRIVE_STATUS, NULL) ==
	      CDS_NO_DISC);
	tur_sense = 0x020408;
	CHECK(shim_cdrom_ioctl(&f->base, CDROM_DRIVE_STATUS, NULL) ==
	      CDS_DRIVE_NOT_READY);
	tur_sense = 0;
	ua_left = 1; /* a UNIT ATTENTION is retried, as the kernel does */
	CHECK(shim_cdrom_ioctl(&f->base, CDROM_DRIVE_STATUS, NULL) ==
	      CDS_DISC_OK);
	CHECK(ua_left == 0);
}

static void test_toc(struct fake *f)
{
	blank = false;
	struct cdrom_tochdr h = {0, 0};
	CHECK(shim_cdrom_ioctl(&f->base, CDROMREADTOCHDR, &h) == 0);
	CHECK(h.cdth_trk0 == 1 && h.cdth_trk1 == 3);

	struct cdrom_tocentry e;
	memset(&e, 0, sizeof(e));
	e.cdte_track = 2;
	e.cdte_format = CDROM_LBA;
	CHECK(shim_cdrom_ioctl(&f->base, CDROMREADTOCENTRY, &e) == 0);
	CHECK(e.cdte_addr.lba == 1000 && e.cdte_adr == 1 && e.cdte_ctrl == 0);
	CHECK(e.cdte_datamode == 0);

	e.cdte_track = 3;
	e.cdte_format = CDROM_MSF;
	CHECK(shim_cdrom_ioctl(&f->base, CDROMREADTOCENTRY, &e) == 0);
	/* 30000 + 150 = 30150 = 6:42:00 */
	CHECK(e.cdte_addr.msf.minute == 6 && e.cdte_addr.msf.second == 42 &&
	      e.cdte_addr.msf.frame == 0);

	e.cdte_track = CDROM_LEADOUT;
	e.cdte_format = CDROM_LBA;
	CHECK(shim_cdrom_ioctl(&f->base, CDROMREADTOCENTRY, &e) == 0);
	CHECK(e.cdte_addr.lba == 40000);

	e.cdte_format = 7;
	CHECK(shim_cdrom_ioctl(&f->base, CDROMREADTOCENTRY, &e) == -EINVAL);

	CHECK(shim_cdrom_ioctl(&f->base, CDROM_DISC_STATUS, NULL) == CDS_AUDIO);

	struct cdrom_multisession ms;
	memset(&ms, 0, sizeof(ms));
	ms.addr_format = CDROM_LBA;
	CHECK(shim_cdrom_ioctl(&f->base, CDROMMULTISESSION, &ms) == 0);
	CHECK(ms.addr.lba == 30000 && ms.xa_flag == 1);
}

static void test_blank(struct fake *f)
{
	blank = true;
	struct cdrom_tochdr h;
	CHECK(shim_cdrom_ioctl(&f->base, CDROMREADTOCHDR, &h) == -EIO);
	CHECK(shim_cdrom_ioctl(&f->base, CDROM_DISC_STATUS, NULL) ==
	      CDS_NO_INFO);
	struct cdrom_multisession ms;
	memset(&ms, 0, sizeof(ms));
	ms.addr_format = CDROM_LBA;
	CHECK(shim_cdrom_ioctl(&f->base, CDROMMULTISESSION, &ms) == 0);
	CHECK(ms.addr.lba == 0 && ms.xa_flag == 0);
	tur_sense = 0x023a01;
	CHECK(shim_cdrom_ioctl(&f->base, CDROMREADTOCHDR, &h) == -ENOMEDIUM);
	CHECK(shim_cdrom_ioctl(&f->base, CDROM_DISC_STATUS, NULL) ==
	      CDS_NO_DISC);
	tur_sense = 0;
	blank = false;
}

static void test_tray_and_caps(struct fake *f)
{
	long caps = shim_cdrom_ioctl(&f->base, CDROM_GET_CAPABILITY, NULL);
	CHECK(caps & CDC_CD_R);
	CHECK(caps & CDC_GENERIC_PACKET);
	CHECK(!(caps & CDC_RAM) && !(caps & CDC_DVD));

	f->calls = 0;
	CHECK(shim_cdrom_ioctl(&f->base, CDROMEJECT, NULL) == 0);
	CHECK(f->calls == 2);
	CHECK(f->log[0].cdb[0] == 0x1e && f->log[0].cdb[4] == 0);
	CHECK(f->log[1].cdb[0] == 0x1b && f->log[1].cdb[4] == 0x02);
	f->calls = 0;
	CHECK(shim_cdrom_ioctl(&f->base, CDROM_LOCKDOOR, (void *)1) == 0);
	CHECK(f->log[0].cdb[0] == 0x1e && f->log[0].cdb[4] == 1);
	CHECK(shim_cdrom_ioctl(&f->base, CDROMCLOSETRAY, NULL) == 0);
	CHECK(f->log[1].cdb[0] == 0x1b && f->log[1].cdb[4] == 0x03);
	CHECK(shim_cdrom_ioctl(&f->base, 0x53ff, NULL) == -ENOTTY);
}

/* CDROM_GET_MCN, CDROMSUBCHNL, CDROMPLAYMSF and CDROMPAUSE/RESUME send
 * READ SUB-CHANNEL, PLAY AUDIO MSF and PAUSE/RESUME as the kernel does. */
static void test_subchannel_and_play(struct fake *f)
{
	struct cdrom_mcn mcn;
	memset(&mcn, 0xEE, sizeof(mcn));
	f->calls = 0; /* the log keeps the first commands */
	CHECK(shim_cdrom_ioctl(&f->base, CDROM_GET_MCN, &mcn) == 0);
	CHECK(strcmp((char *)mcn.medium_catalog_number, "0123456789012") == 0);
	const uint8_t want_mcn[10] = {0x42, 0, 0x40, 0x02, 0, 0, 0, 0, 24, 0};
	CHECK(memcmp(f->log[0].cdb, want_mcn, 10) == 0);

	struct cdrom_subchnl sc;
	memset(&sc, 0, sizeof(sc));
	sc.cdsc_format = CDROM_MSF;
	f->calls = 0;
	CHECK(shim_cdrom_ioctl(&f->base, CDROMSUBCHNL, &sc) == 0);
	const uint8_t want_sub[10] = {0x42, 0x02, 0x40, 0x01, 0, 0, 0, 0, 16};
	CHECK(memcmp(f->log[0].cdb, want_sub, 10) == 0);
	CHECK(sc.cdsc_audiostatus == CDROM_AUDIO_PLAY);
	CHECK(sc.cdsc_adr == 1 && sc.cdsc_ctrl == 0);
	CHECK(sc.cdsc_trk == 2 && sc.cdsc_ind == 1);
	CHECK(sc.cdsc_absaddr.msf.minute == 0 &&
	      sc.cdsc_absaddr.msf.second == 15 &&
	      sc.cdsc_absaddr.msf.frame == 35); /* 1160 frames */
	CHECK(sc.cdsc_reladdr.msf.frame == 10);
	sc.cdsc_format = CDROM_LBA;
	CHECK(shim_cdrom_ioctl(&f->base, CDROMSUBCHNL, &sc) == 0);
	CHECK(sc.cdsc_absaddr.lba == 1010 && sc.cdsc_reladdr.lba == 10);

	struct cdrom_msf m = {0, 2, 0, 0, 4, 10};
	f->calls = 0;
	CHECK(shim_cdrom_ioctl(&f->base, CDROMPLAYMSF, &m) == 0);
	const uint8_t want_play[10] = {0x47, 0, 0, 0, 2, 0, 0, 4, 10, 0};
	CHECK(memcmp(f->log[0].cdb, want_play, 10) == 0);
	f->calls = 0;
	CHECK(shim_cdrom_ioctl(&f->base, CDROMRESUME, NULL) == 0);
	CHECK(f->log[0].cdb[0] == 0x4b && f->log[0].cdb[8] == 1);
	CHECK(shim_cdrom_ioctl(&f->base, CDROMPAUSE, NULL) == 0);
	CHECK(shim_cdrom_ioctl(&f->base, CDROM_GET_MCN, NULL) == -EFAULT);
}

int main(void)
{
	struct fake f;
	fake_init(&f);
	f.answer = toc_model;
	test_drive_status(&f);
	test_toc(&f);
	test_blank(&f);
	test_tray_and_caps(&f);
	test_subchannel_and_play(&f);
	return check_finish();
}
