#!/bin/sh
# Makes the roster fixtures with tools other than chengxin, so the readers are
# tested on what real programs write. Needs python3 with openpyxl (PyPI),
# libreoffice (Debian: libreoffice-calc-nogui) and iconv (glibc). CI uses the
# committed files and needs none of these.
set -eu
cd "$(dirname "$0")"
python3 make_fixtures.py
# LibreOffice's own xlsx, converted from the UTF-8 CSV (户编号, 身份证号 and 联系电话
# read as text, as a clerk sets those columns; the birth dates become date cells).
tmp=$(mktemp -d)
cp persons_utf8.csv "$tmp/persons_libreoffice.csv"
libreoffice --headless --infilter="CSV:44,34,76,1,1/2/8/2/10/2,2052" --convert-to xlsx --outdir "$tmp" "$tmp/persons_libreoffice.csv" >/dev/null
mv "$tmp/persons_libreoffice.xlsx" .
rm -rf "$tmp"
# GBK, as Excel on Chinese Windows saves "CSV (逗号分隔)".
iconv -f UTF-8 -t GBK persons_utf8.csv > persons_gbk.csv
# UTF-8 with a byte order mark, as Excel saves "CSV UTF-8".
printf '\357\273\277' > persons_bom.csv
cat persons_utf8.csv >> persons_bom.csv
# Tab-separated.
tr ',' '\t' < persons_utf8.csv > persons.tsv
# Neither UTF-8 nor GBK: a 0xFF byte in line 4's empty address.
sed '4s/,,/,\xff,/' persons_gbk.csv > persons_bad_bytes.csv
# UTF-8 with one bad byte: 0xFF after line 3's address, the way a damaged copy looks.
sed '3s/,,李秀英/,addr\xff,李秀英/' persons_utf8.csv > persons_utf8_bad_byte.csv
# A name character outside GBK (𠮷, U+20BB7) is fine in GB18030.
iconv -f UTF-8 -t GB18030 persons_rare.csv > persons_rare_gb18030.csv
# The samples the README offers the demo's clerk (households 0190, 0291 and 0292 are free in the demo).
cp persons_openpyxl.xlsx ../../../../Data/roster_sample.xlsx
cp persons_gbk.csv ../../../../Data/roster_sample_gbk.csv
