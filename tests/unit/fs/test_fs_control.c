/*
 * test_fs_control.c - parsing, formatting and spool encoding of the
 * control files' values.
 */
#include <errno.h>
#include <string.h>

#include "check.h"
#include "control_value.h"

static int apply(struct control_values *v, enum control_key k, const char *s)
{
	char why[128] = "";
	int rc = control_apply(v, k, s, strlen(s), why, sizeof(why));
	if (rc < 0)
		CHECK(why[0] != '\0');
	return rc;
}

static int reads(const struct control_values *v, enum control_key k,
		 const char *want)
{
	char buf[CONTROL_MAX_VALUE];
	control_format(v, k, buf, sizeof(buf));
	return strcmp(buf, want) == 0;
}

/* write_mode, pregap, cdtext, disc_title, disc_performer. */
static void test_sao_controls(void)
{
	struct control_values v, w;
	control_values_default(&v);
	CHECK(reads(&v, CONTROL_WRITE_MODE, "tao\n"));
	CHECK(reads(&v, CONTROL_PREGAP, "2\n"));
	CHECK(reads(&v, CONTROL_CDTEXT, "1\n"));
	CHECK(reads(&v, CONTROL_DISC_TITLE, "\n"));
	CHECK(apply(&v, CONTROL_WRITE_MODE, "SAO\n") == 0);
	CHECK(v.write_mode == BURN_WRITE_SAO);
	CHECK(apply(&v, CONTROL_WRITE_MODE, "dao") == -EINVAL);
	/* keep_session_open and sao exclude each other, either way. */
	CHECK(apply(&v, CONTROL_KEEP_SESSION_OPEN, "1") == -EOPNOTSUPP);
	CHECK(!v.keep_session_open);
	CHECK(apply(&v, CONTROL_WRITE_MODE, "tao") == 0);
	CHECK(apply(&v, CONTROL_KEEP_SESSION_OPEN, "1") == 0);
	CHECK(apply(&v, CONTROL_WRITE_MODE, "sao") == -EOPNOTSUPP);
	CHECK(v.write_mode == BURN_WRITE_TAO);
	CHECK(apply(&v, CONTROL_KEEP_SESSION_OPEN, "0") == 0);
	CHECK(apply(&v, CONTROL_WRITE_MODE, "sao") == 0);

	CHECK(apply(&v, CONTROL_PREGAP, "0\n") == 0 && v.pregap == 0);
	CHECK(reads(&v, CONTROL_PREGAP, "0\n"));
	CHECK(apply(&v, CONTROL_PREGAP, "1.5") == 0 && v.pregap == 113);
	CHECK(apply(&v, CONTROL_PREGAP, "00:01:30") == 0 && v.pregap == 105);
	CHECK(reads(&v, CONTROL_PREGAP, "00:01:30\n"));
	CHECK(apply(&v, CONTROL_PREGAP, "00:61:00") == -EINVAL);
	CHECK(apply(&v, CONTROL_PREGAP, "-1") == -EINVAL);
	CHECK(apply(&v, CONTROL_PREGAP, "two") == -EINVAL);
	CHECK(v.pregap == 105);

	CHECK(apply(&v, CONTROL_CDTEXT, "0") == 0 && !v.cdtext);
	CHECK(apply(&v, CONTROL_DISC_TITLE, "Kind of Blue\n") == 0);
	CHECK(reads(&v, CONTROL_DISC_TITLE, "Kind of Blue\n"));
	CHECK(apply(&v, CONTROL_DISC_PERFORMER, "Miles = Davis") == 0);
	CHECK(apply(&v, CONTROL_DISC_TITLE, "two\nlines") == -EINVAL);
	char big[200];
	memset(big, 'x', sizeof(big) - 1);
	big[sizeof(big) - 1] = '\0';
	CHECK(apply(&v, CONTROL_DISC_TITLE, big) == -EINVAL);

	/* They survive the spool. */
	char text[2048];
	size_t n = control_encode(&v, text, sizeof(text));
	CHECK(n < sizeof(text));
	control_decode(&w, text, n);
	CHECK(memcmp(&v, &w, sizeof(v)) == 0);

	struct burn_options o;
	control_to_burn_options(&v, &o);
	CHECK(o.write_mode == BURN_WRITE_SAO && !o.cd_text);
	CHECK(strcmp(o.disc_text.title, "Kind of Blue") == 0);
	CHECK(strcmp(o.disc_text.performer, "Miles = Davis") == 0);

	/* The pregap goes to tracks 2.. unless one has its own. */
	struct burn_track t[3];
	memset(t, 0, sizeof(t));
	t[2].pregap = 10;
	t[2].pregap_given = true;
	control_apply_pregaps(&v, t, 3);
	CHECK(t[0].pregap == 0 && t[1].pregap == 105 && t[2].pregap == 10);
	CHECK(t[1].pregap_given);
	memset(t, 0, sizeof(t));
	v.write_mode = BURN_WRITE_TAO;
	control_apply_pregaps(&v, t, 3);
	CHECK(t[1].pregap == 0 && !t[1].pregap_given);
}

/* The album tags become the disc's texts when the controls are empty. */
static void test_disc_texts(void)
{
	struct burn_track t[2] = {
	    {.album = (char[]){""}},
	    {.album = (char[]){"Live"}, .album_artist = (char[]){"Trio"}}};
	struct burn_disc_text d = {.title = ""};
	control_disc_texts(&d, t, 2);
	CHECK(strcmp(d.title, "Live") == 0 && strcmp(d.performer, "Trio") == 0);
	struct burn_disc_text set = {.title = "Mine"};
	control_disc_texts(&set, t, 2);
	CHECK(strcmp(set.title, "Mine") == 0);
	CHECK(strcmp(set.performer, "Trio") == 0);
	struct burn_disc_text none = {.title = ""};
	control_disc_texts(&none, t, 1);
	CHECK(none.title[0] == '\0' && none.performer[0] == '\0');
}

int main(void)
{
	test_disc_texts();
	struct control_values v, w;
	bool b;

	control_values_default(&v);
	CHECK(!v.do_not_finalize && !v.keep_session_open && !v.test_write);
	CHECK(v.buffer_underrun_protection);
	CHECK(v.write_speed_x == 0 && v.mcn[0] == '\0');
	CHECK(v.verify);
	CHECK(apply(&v, CONTROL_VERIFY, "0\n") == 0 && !v.verify);
	CHECK(reads(&v, CONTROL_VERIFY, "0\n"));
	CHECK(apply(&v, CONTROL_VERIFY, "2") == -EINVAL && !v.verify);
	CHECK(apply(&v, CONTROL_VERIFY, "yes") == 0 && v.verify);
	CHECK(control_key_from_name("verify") == CONTROL_VERIFY);

	CHECK(control_parse_bool("1", 1, &b) == 0 && b);
	CHECK(control_parse_bool("1\n", 2, &b) == 0 && b);
	CHECK(control_parse_bool(" 0 \n", 4, &b) == 0 && !b);
	CHECK(control_parse_bool("yes", 3, &b) == 0 && b);
	CHECK(control_parse_bool("OFF\n", 4, &b) == 0 && !b);
	CHECK(control_parse_bool("2", 1, &b) == -EINVAL);
	CHECK(control_parse_bool("", 0, &b) == -EINVAL);
	CHECK(control_parse_bool("1 1", 3, &b) == -EINVAL);
	CHECK(control_parse_bool("1x", 1, &b) == 0 && b); /* length counts */

	CHECK(apply(&v, CONTROL_DO_NOT_FINALIZE, "1\n") == 0);
	CHECK(v.do_not_finalize);
	CHECK(reads(&v, CONTROL_DO_NOT_FINALIZE, "1\n"));
	CHECK(apply(&v, CONTROL_DO_NOT_FINALIZE, "maybe") == -EINVAL);
	CHECK(v.do_not_finalize); /* unchanged */
	CHECK(apply(&v, CONTROL_BUFFER_UNDERRUN_PROTECTION, "0") == 0);
	CHECK(reads(&v, CONTROL_BUFFER_UNDERRUN_PROTECTION, "0\n"));

	CHECK(reads(&v, CONTROL_WRITE_SPEED, "max\n"));
	CHECK(apply(&v, CONTROL_WRITE_SPEED, "8x\n") == 0);
	CHECK(v.write_speed_x == 8 && reads(&v, CONTROL_WRITE_SPEED, "8x\n"));
	CHECK(apply(&v, CONTROL_WRITE_SPEED, "16") == 0 &&
	      v.write_speed_x == 16);
	CHECK(apply(&v, CONTROL_WRITE_SPEED, "fast") == -EINVAL);
	CHECK(apply(&v, CONTROL_WRITE_SPEED, "0x") == -EINVAL);
	CHECK(apply(&v, CONTROL_WRITE_SPEED, "101x") == -EINVAL);
	CHECK(apply(&v, CONTROL_WRITE_SPEED, "x") == -EINVAL);
	CHECK(v.write_speed_x == 16);
	CHECK(apply(&v, CONTROL_WRITE_SPEED, "MAX\n") == 0 &&
	      v.write_speed_x == 0);
	/* From 75 on a bare number is sectors per second (IMAPI's unit). */
	CHECK(apply(&v, CONTROL_WRITE_SPEED, "3528\n") == 0);
	CHECK(v.write_speed_sps == 3528 && v.write_speed_x == 0);
	CHECK(reads(&v, CONTROL_WRITE_SPEED, "3528\n"));
	CHECK(control_requested_kbps(&v) == 8298); /* 47.04x */
	CHECK(apply(&v, CONTROL_WRITE_SPEED, "75") == 0 &&
	      control_requested_kbps(&v) == 176);
	CHECK(apply(&v, CONTROL_WRITE_SPEED, "7501") == -EINVAL);
	CHECK(v.write_speed_sps == 75);
	CHECK(apply(&v, CONTROL_WRITE_SPEED, "74") == 0 &&
	      v.write_speed_x == 74 && v.write_speed_sps == 0);
	CHECK(apply(&v, CONTROL_WRITE_SPEED, "max") == 0 &&
	      control_requested_kbps(&v) == 0);

	CHECK(apply(&v, CONTROL_MCN, "0123456789012\n") == 0);
	CHECK(strcmp(v.mcn, "0123456789012") == 0);
	CHECK(reads(&v, CONTROL_MCN, "0123456789012\n"));
	CHECK(apply(&v, CONTROL_MCN, "012345678901") == -EINVAL);
	CHECK(apply(&v, CONTROL_MCN, "012345678901A") == -EINVAL);
	/* EAN-13 check digit. */
	CHECK(apply(&v, CONTROL_MCN, "4006381333932") == -EINVAL);
	CHECK(strcmp(v.mcn, "0123456789012") == 0);
	CHECK(apply(&v, CONTROL_MCN, "4006381333931") == 0);
	CHECK(control_mcn_check_digit("400638133393") == '1');
	CHECK(control_mcn_check_digit("000000000000") == '0');
	CHECK(control_mcn_check_digit_ok("5901234123457"));
	CHECK(!control_mcn_check_digit_ok("5901234123450"));
	CHECK(apply(&v, CONTROL_MCN, "0123456789012") == 0);
	CHECK(strcmp(v.mcn, "0123456789012") == 0);
	CHECK(apply(&v, CONTROL_MCN, "\n") == 0 && v.mcn[0] == '\0');
	CHECK(reads(&v, CONTROL_MCN, "\n"));

	CHECK(control_key_from_name("test_write") == CONTROL_TEST_WRITE);
	CHECK(control_key_from_name("commit") == -1);
	CHECK(strcmp(control_key_name(CONTROL_MCN), "mcn") == 0);

	/* Spool round trip. */
	control_values_default(&v);
	v.do_not_finalize = true;
	v.test_write = true;
	v.buffer_underrun_protection = false;
	v.write_speed_x = 24;
	strcpy(v.mcn, "4006381333931");
	v.verify = false;
	char text[2048];
	size_t n = control_encode(&v, text, sizeof(text));
	CHECK(n < sizeof(text) && n == strlen(text));
	control_decode(&w, text, n);
	CHECK(memcmp(&v, &w, sizeof(v)) == 0);
	/* Unknown keys and bad values fall back to the defaults. */
	const char *odd = "future=1\nwrite_speed=zzz\ntest_write=1\nnoeq\n";
	control_decode(&w, odd, strlen(odd));
	CHECK(w.test_write && w.write_speed_x == 0 &&
	      w.buffer_underrun_protection);
	/* Truncated output reports the needed length. */
	CHECK(control_encode(&v, text, 10) == n);

	CHECK(control_speed_kbps(0) == 0);
	CHECK(control_speed_kbps(1) == 177);
	CHECK(control_speed_kbps(10) == 1764);
	CHECK(control_speed_kbps(52) == 9173);
	struct burn_options o;
	control_to_burn_options(&v, &o);
	CHECK(o.do_not_finalize && o.test_write && !o.keep_session_open);
	CHECK(!o.buffer_underrun_protection);
	CHECK(o.write_speed_kbps == control_speed_kbps(24));
	CHECK(strcmp(o.mcn, "4006381333931") == 0);
	CHECK(!o.verify);
	v.verify = true;
	control_to_burn_options(&v, &o);
	CHECK(o.verify);
	test_sao_controls();
	return check_finish();
}
