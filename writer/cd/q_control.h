/*
 * q_control.h - the four control bits of a CD track, as the Q
 * sub-channel carries them and as the TOC, READ TRACK INFORMATION's track
 * mode and the Write Parameters page report them (Red Book; MMC-5 Table
 * "Q sub-channel control field").
 */
#ifndef BURNFS_Q_CONTROL_H
#define BURNFS_Q_CONTROL_H

enum q_control {
	Q_CTL_PRE_EMPHASIS = 0x1,   /* audio with 50/15 us pre-emphasis */
	Q_CTL_COPY_PERMITTED = 0x2, /* digital copy permitted */
	Q_CTL_DATA = 0x4,	    /* data track (else audio) */
	Q_CTL_FOUR_CHANNEL = 0x8,   /* four-channel audio */
};

#endif
