"""Roster fixtures for the import tests: a UTF-8 CSV and an openpyxl workbook.

One row per person of three households in the demo village's 一社 and 二社.
ID numbers use the demo's area code 990101 (no real place) with GB 11643 check
characters computed here; the birth dates and sexes agree with them.
"""
import csv
import datetime
import openpyxl

WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]
CHECK = "10X98765432"


def id_number(born, seq, female):
    # The 17th digit is odd for men and even for women.
    order = seq * 2 + (0 if female else 1)
    first17 = "990101" + born.strftime("%Y%m%d") + "%03d" % order
    return first17 + CHECK[sum(int(c) * w for c, w in zip(first17, WEIGHTS)) % 11]


HEADER = ["户编号", "社", "地址", "姓名", "与户主关系", "性别", "出生日期", "身份证号",
          "婚姻状况", "联系电话", "计生协会会员", "流动情况", "去向/来源地"]

PEOPLE = [
    # number, 社, address, name, relation, sex, born, marital, phone, member, migrant, whereabouts
    ("0190", "一社", "星光村一社90号", "欧阳建国", "户主", "男", datetime.date(1978, 3, 14), "已婚", "13800001901", "否", "常住", ""),
    ("0190", "一社", "", "李秀英", "配偶", "女", datetime.date(1980, 7, 2), "已婚", "13800001902", "是", "流出", "广东省东莞市"),
    ("0190", "一社", "", "欧阳明", "子女", "男", datetime.date(2004, 11, 30), "未婚", "", "否", "常住", ""),
    ("0190", "一社", "", "欧阳丽", "子女", "女", datetime.date(2008, 1, 9), "未婚", "", "否", "常住", ""),
    ("0291", "二社", "星光村二社91号", "张伟", "户主", "男", datetime.date(1969, 5, 20), "已婚", "0931-8123456", "否", "常住", ""),
    ("0291", "二社", "", "王芳", "配偶", "女", datetime.date(1971, 12, 1), "已婚", "", "是", "常住", ""),
    ("0291", "二社", "", "张雪", "子女", "女", datetime.date(1996, 4, 18), "已婚", "13900002913", "否", "流出", "浙江省宁波市"),
    ("0292", "二社", "星光村二社92号", "刘淑珍", "户主", "女", datetime.date(1955, 9, 9), "丧偶", "", "否", "常住", ""),
]


def rows():
    for seq, (number, she, address, name, relation, sex, born, marital, phone, member, migrant, where) in enumerate(PEOPLE, 1):
        yield [number, she, address, name, relation, sex, born, id_number(born, seq, sex == "女"),
               marital, phone, member, migrant, where]


with open("persons_utf8.csv", "w", encoding="utf-8", newline="") as f:
    w = csv.writer(f, lineterminator="\r\n")
    w.writerow(HEADER)
    for r in rows():
        w.writerow([v.isoformat() if isinstance(v, datetime.date) else v for v in r])

# The same rows as Excel would hold them: birth dates as date cells (serials
# with a date format), the household number and ID number as text, on a sheet
# named 人员 after a first sheet of notes.
wb = openpyxl.Workbook()
notes = wb.active
notes.title = "说明"
notes["A1"] = "本表为星光村人员花名册样例。"
sheet = wb.create_sheet("人员")
sheet.append(HEADER)
for r in rows():
    sheet.append(r)
for row in sheet.iter_rows(min_row=2, min_col=7, max_col=7):
    for cell in row:
        cell.number_format = "yyyy-mm-dd"
wb.save("persons_openpyxl.xlsx")

# ID numbers typed into Excel as numbers: a double keeps 15 to 17 digits, so the
# last digits are gone. The reader must refuse them, not store a wrong number.
wb = openpyxl.Workbook()
sheet = wb.active
sheet.title = "人员"
sheet.append(HEADER)
for r in rows():
    r[7] = float(r[7][:17] + "0") if r[7][-1] != "X" else r[7]
    sheet.append(r)
wb.save("persons_id_as_number.xlsx")

# A rare character outside GBK in a name, for GB18030.
with open("persons_rare.csv", "w", encoding="utf-8", newline="") as f:
    w = csv.writer(f, lineterminator="\r\n")
    w.writerow(HEADER)
    born = datetime.date(1990, 2, 3)
    w.writerow(["0193", "一社", "星光村一社93号", "𠮷祥", "户主", "男", born.isoformat(), id_number(born, 20, False),
                "未婚", "", "否", "常住", ""])
