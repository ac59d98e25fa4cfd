"""do_not_finalize: a first burn leaves the disc appendable with one
closed session; after an unmount and a new mount the next burn adds a
second session and closes the disc.  A third-party reader (libcdio's
NRG driver) must see the tracks of both sessions at their addresses,
the image must hold two sessions, and the audio must be where they say."""

from burnfs_helpers import (NEXT_SESSION_GAP_FIRST, SECTOR_BYTES,
                            assert_pcm_then_zeros, burn, cd_info, make_wav,
                            nrg_sessions, padded_sectors, read_file_at,
                            read_image, stage, tao_starts, wav_pcm)


def test_do_not_finalize_two_sessions(burnfs, tmp_path):
    m = burnfs()
    v1 = m.drive("v1")
    s1 = [make_wav(tmp_path / "a1.wav", 44100 * 4 + 17, 500),
          make_wav(tmp_path / "a2.wav", 44100 * 5, 600)]
    s2 = [make_wav(tmp_path / "b1.wav", 44100 * 4 + 301, 700),
          make_wav(tmp_path / "b2.wav", 44100 * 2, 800)]

    r = v1.write("do_not_finalize", 1)
    assert r.returncode == 0, r.stderr
    assert v1.read("do_not_finalize").strip() == "1"
    stage(v1, s1)
    burn(v1)
    media = v1.kv("media")
    assert media.get("state") == "appendable", media
    assert media.get("sessions") == "1", media

    # The disc and the spool outlive the mount.
    m.restart()
    v1 = m.drive("v1")
    media = v1.kv("media")
    assert media.get("state") == "appendable", media

    stage(v1, s2)
    r = v1.write("do_not_finalize", 0)
    assert r.returncode == 0, r.stderr
    assert v1.read("do_not_finalize").strip() == "0"
    burn(v1)
    media = v1.kv("media")
    assert media.get("state") == "closed", media
    assert media.get("sessions") == "2", media
    assert media.get("tracks") == "4", media

    # What libcdio's NRG driver reads: four audio tracks, session 1's at
    # the TAO addresses from LBA 0, session 2's after session 1's
    # lead-out and the new lead-in (the multi-session gap), and the
    # lead-out after the last track.  cd-info does not print session
    # numbers, so the addresses carry the session boundary.
    pcm1 = [wav_pcm(p) for p in s1]
    pcm2 = [wav_pcm(p) for p in s2]
    starts1, leadout1 = tao_starts(0, [padded_sectors(len(p)) for p in pcm1])
    starts2, leadout2 = tao_starts(leadout1 + NEXT_SESSION_GAP_FIRST,
                                   [padded_sectors(len(p)) for p in pcm2])
    out, tracks, leadout = cd_info("nrg", f"{v1.image}.nrg")
    assert [n for n, _, _ in tracks] == [1, 2, 3, 4], out
    assert all(kind == "audio" for _, _, kind in tracks), out
    assert [lsn for _, lsn, _ in tracks] == starts1 + starts2, out
    assert leadout == leadout2, out

    # The image's own session table: two sessions of two tracks.
    sessions, entries = nrg_sessions(f"{v1.image}.nrg")
    assert sessions == [2, 2], f"SINF chunks: {sessions}"
    assert len(entries) == 4, entries
    assert all(mode == 7 for _, _, mode, _ in entries), entries  # audio

    # Session 2's audio in the raw image at the LBAs cd-info reported,
    # and every track's audio in the Nero image where ETN2 says.
    for k, (lba, pcm) in enumerate(zip(starts2, pcm2)):
        nbytes = padded_sectors(len(pcm)) * SECTOR_BYTES
        got = read_image(f"{v1.image}.bin", lba, nbytes)
        assert_pcm_then_zeros(got, pcm, f"session 2 track {k + 1} (.bin)")
    for k, ((off, length, _, _), pcm) in enumerate(zip(entries,
                                                        pcm1 + pcm2)):
        assert length >= padded_sectors(len(pcm)) * SECTOR_BYTES, entries
        got = read_file_at(f"{v1.image}.nrg", off, length)
        assert_pcm_then_zeros(got, pcm, f"track {k + 1} (.nrg)")
