/*
 * test_fs_meta.c - encoding and decoding of the spool's per-track
 * metadata files.
 */
#include <errno.h>
#include <string.h>

#include "check.h"
#include "track_meta.h"

int main(void)
{
	struct track_meta m, d;
	char text[2048];

	memset(&m, 0, sizeof(m));
	strcpy(m.name, "03 100% weird\nname\t.wav");
	m.mode = 0640;
	m.atime = (struct timespec){1700000000, 5};
	m.mtime = (struct timespec){1600000000, 123456789};
	m.ctime = (struct timespec){1700000001, 0};
	m.staged = true;
	m.intake.pcm_offset = 44;
	m.intake.pcm_bytes = 1764000;
	m.intake.frames = 441000;
	strcpy(m.intake.description, "WAV 44100 Hz 16-bit stereo, 0:10.0");
	strcpy(m.isrc, "USRC17607839");
	m.pre_emphasis = true;
	strcpy(m.intake.album, "Live");
	strcpy(m.intake.album_artist, "The Trio");
	strcpy(m.intake.composer, "Bach");
	strcpy(m.intake.songwriter, "Anon");
	m.pregap_set = true;
	m.pregap = 0;
	strcpy(m.text[TRACK_TEXT_TITLE], "Łódź 100%");
	strcpy(m.text[TRACK_TEXT_COMPOSER], "Chopin");

	size_t n = track_meta_encode(&m, text, sizeof(text));
	CHECK(n > 0 && n < sizeof(text) && n == strlen(text));
	CHECK(strncmp(text, "burnfs-track 1\n", 15) == 0);
	/* The newline in the name is escaped: one line per key. */
	CHECK(strstr(text, "name=03 100%25 weird%0Aname%09.wav\n") != NULL);
	CHECK(track_meta_decode(text, n, &d) == 0);
	CHECK(strcmp(d.name, m.name) == 0);
	CHECK(d.mode == 0640);
	CHECK(d.atime.tv_sec == 1700000000 && d.atime.tv_nsec == 5);
	CHECK(d.mtime.tv_sec == 1600000000 && d.mtime.tv_nsec == 123456789);
	CHECK(d.ctime.tv_sec == 1700000001 && d.ctime.tv_nsec == 0);
	CHECK(d.staged && d.intake.pcm_offset == 44);
	CHECK(d.intake.pcm_bytes == 1764000 && d.intake.frames == 441000);
	CHECK(strcmp(d.intake.description, m.intake.description) == 0);
	CHECK(strcmp(d.isrc, "USRC17607839") == 0);
	CHECK(d.pre_emphasis && !d.copy_permitted);
	CHECK(strcmp(d.intake.album, "Live") == 0);
	CHECK(strcmp(d.intake.album_artist, "The Trio") == 0);
	CHECK(strcmp(d.intake.composer, "Bach") == 0);
	CHECK(strcmp(d.intake.songwriter, "Anon") == 0);
	/* user.pregap 0 is a value (gapless), not "unset" */
	CHECK(strstr(text, "\npregap=0\n") != NULL);
	CHECK(d.pregap_set && d.pregap == 0);
	/* neither raw nor with a cue sheet inside: no line */
	CHECK(!d.intake.raw && !d.intake.embedded_cue);
	CHECK(strstr(text, "raw=") == NULL &&
	      strstr(text, "embedded_cue") == NULL);
	{
		struct track_meta r = m, rd;
		char t2[2048];
		r.intake.raw = true;
		r.intake.embedded_cue = true;
		size_t n2 = track_meta_encode(&r, t2, sizeof(t2));
		CHECK(strstr(t2, "\nraw=1\nembedded_cue=1\n") != NULL);
		CHECK(track_meta_decode(t2, n2, &rd) == 0);
		CHECK(rd.intake.raw && rd.intake.embedded_cue);
	}
	/* tracks/ itself: no folder key, and not kept aside */
	CHECK(strstr(text, "folder=") == NULL && d.folder == 0);
	CHECK(strstr(text, "aside=") == NULL && !d.aside);

	CHECK(strstr(text, "\nuser_title=Łódź 100%25\n") != NULL);
	CHECK(strcmp(d.text[TRACK_TEXT_TITLE], "Łódź 100%") == 0);
	CHECK(strcmp(d.text[TRACK_TEXT_COMPOSER], "Chopin") == 0);
	CHECK(d.text[TRACK_TEXT_PERFORMER][0] == '\0');

	/* Not staged: no intake keys. */
	m.staged = false;
	n = track_meta_encode(&m, text, sizeof(text));
	CHECK(strstr(text, "pcm_bytes") == NULL);
	CHECK(track_meta_decode(text, n, &d) == 0 && !d.staged);

	/* Too small a buffer: the length needed is reported. */
	char small[16];
	CHECK(track_meta_encode(&m, small, sizeof(small)) == n);

	/* Unknown keys are ignored. */
	const char *fut = "burnfs-track 1\nname=a.wav\ncolour=blue\nmode=600\n";
	CHECK(track_meta_decode(fut, strlen(fut), &d) == 0);
	CHECK(strcmp(d.name, "a.wav") == 0 && d.mode == 0600);

	/* The largest time there is is read and saved back as it was. */
	const char *late = "burnfs-track 1\nname=a\n"
			   "mtime=9223372036854775807.999999999\n";
	CHECK(track_meta_decode(late, strlen(late), &d) == 0 &&
	      d.mtime.tv_sec == INT64_MAX && d.mtime.tv_nsec == 999999999);
	n = track_meta_encode(&d, text, sizeof(text));
	CHECK(n < sizeof(text) && track_meta_decode(text, n, &m) == 0 &&
	      m.mtime.tv_sec == INT64_MAX);

	/* Damaged files are refused. */
	const char *bad[] = {
	    "",
	    "burnfs-track 2\nname=a.wav\n",
	    "burnfs-track 1\nmode=644\n",	   /* no name */
	    "burnfs-track 1\nname=a/b.wav\n",	   /* slash */
	    "burnfs-track 1\nname=..\n",	   /* dot-dot */
	    "burnfs-track 1\nname=a%0\n",	   /* short escape */
	    "burnfs-track 1\nname=a%zz\n",	   /* bad hex */
	    "burnfs-track 1\nname=a%00b\n",	   /* NUL */
	    "burnfs-track 1\nname=a\nmode=9999\n", /* not octal */
	    "burnfs-track 1\nname=a\nmtime=x\n",   /* bad time */
	    /* beyond time_t: it would be saved back as a negative time */
	    "burnfs-track 1\nname=a\natime=9223372036854775808\n",
	    "burnfs-track 1\nname=a\nctime=18446744073709551615.5\n",
	    "burnfs-track 1\nname=a\nstaged=1\npcm_bytes=3\n",
	    "burnfs-track 1\nname=a\npcm_bytes=-1\n",
	};
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		int rc = track_meta_decode(bad[i], strlen(bad[i]), &d);
		CHECK(rc == -EINVAL);
		if (rc != -EINVAL)
			fprintf(stderr, "  accepted bad[%zu]\n", i);
	}
	struct track_meta f;
	/* A file kept aside in folder 45 */
	m.folder = 45;
	m.aside = true;
	n = track_meta_encode(&m, text, sizeof(text));
	CHECK(strstr(text, "\nfolder=45\n") != NULL);
	CHECK(strstr(text, "\naside=1\n") != NULL);
	CHECK(track_meta_decode(text, n, &f) == 0);
	CHECK_EQ(f.folder, 45);
	CHECK(f.aside);
	m.folder = 0;
	m.aside = false;
	/* A folder id beyond 32 bits is damage */
	const char bad_folder[] = "burnfs-track 1\nname=a\nfolder=4294967296\n";
	CHECK(track_meta_decode(bad_folder, sizeof(bad_folder) - 1, &f) ==
	      -EINVAL);
	return check_finish();
}
