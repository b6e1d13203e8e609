#!/usr/bin/env python3
"""Writes calibres.tsv: curated entries first (the project's own list of the notations in use),
then every name of ammolytics/cartridges (MIT, /work/shared/data/real/cartridges.csv, a copy of the
licence is data/cartridges.LICENSE) that is not already an alias of an earlier entry.

Run from anywhere:  python3 crates/domain/data/tools/gen_calibres.py [path/to/cartridges.csv]
"""
import csv
import os
import re
import sys
import unicodedata

DATA = os.path.normpath(os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))
CARTRIDGES = os.path.normpath(os.path.join(DATA, "../../../../shared/data/real/cartridges.csv"))

# Types that plausibly chamber a calibre (used to flag impossible combinations).
HG = "pistol|revolver"
PST = "pistol|submachine_gun"
PSR = "pistol|revolver|submachine_gun|rifle"
REVR = "revolver|pistol|rifle"
RFL = "rifle|machine_gun"
RFP = "rifle|machine_gun|pistol"
RF = "pistol|revolver|rifle"
SG = "shotgun"
LW = "light_weapon"

# (id, name, category, bullet diameter in mm (nominal), types, aliases separated by "|")
CURATED = [
    ("22lr", ".22 Long Rifle", "rimfire", "5.7", RF + "|submachine_gun",
     ".22 LR|22 LR|.22LR|22LR|.22 L.R.|22 L.R.|.22 Long Rifle|22 Long Rifle|.22|22|cal. .22|5.6mm LR|"
     "5.6 mm LR|5,6 mm LR|.22 cal|22 cal|.22 caliber|5,6mm LR|5.6x15R|5.6×15mmR|5,6x15R|.22 lfB|22 l.f.B.|.22 LR HV|.22 Long Rifle Rimfire|"
     "22 Long Rifle - Match|22 Long Rifle - Sporting|22 Long Rifle - Shot|22 Long Rifle Shot Claybirding|"
     ".22 Long Rifle Match|.22 LR Match"),
    ("22short", ".22 Short", "rimfire", "5.7", RF,
     "22 Short|.22 S|22 S|.22 Short Rimfire|.22 kurz|22 kurz|.22 corto|22 corto|.22 court|22 court|"
     "5.6mm Short|5,6 mm court"),
    ("22wmr", ".22 Winchester Magnum Rimfire", "rimfire", "5.7", RF,
     ".22 WMR|22 WMR|.22 Magnum|22 Magnum|.22 Mag|22 Mag|.22 Win Mag|22 Win Mag|.22 Winchester Magnum|"
     "22 Winchester Magnum|22 Winchester Magnum Rimfire|.22 WMRF|22 W.M.R.|.22 Magnum Rimfire|.22 MRF|"
     ".22 M|22 Winchester Magnum Rimfire et 22 Remington Special|.22 Mag RF"),
    ("17hmr", ".17 Hornady Magnum Rimfire", "rimfire", "4.4", RF,
     ".17 HMR|17 HMR|17 Hornady Magnum Rimfire|.17 Hornady Mag|17 H.M.R.|.17 HM"),
    ("25acp", ".25 ACP", "pistol", "6.35", "pistol",
     "25 ACP|.25 Auto|25 Auto|.25 Automatic|25 Automatic|.25|25|6.35|6.35mm|6.35 mm|6,35|6,35 mm|"
     "6.35 Browning|6.35mm Browning|6,35 Browning|6,35 mm Browning|6.35 Br.|.25 cal|.25 caliber|6.35x16SR|6.35×16mmSR|6.35x16|"
     ".25 ACP (6.35mm)"),
    ("32acp", ".32 ACP", "pistol", "7.92", PST,
     "32 ACP|.32 Auto|32 Auto|.32 Automatic|32 Automatic|.32|32|7.65|7.65mm|7.65 mm|7,65|7,65mm|7,65 mm|"
     "7.65 Browning|7.65mm Browning|7.65 mm Browning|7,65 Browning|7,65 mm Browning|7.65 Br.|7.65 Br|.32 cal|.32 caliber|"
     "7.65x17|7.65×17mm|7.65x17SR|7.65×17mmSR|7,65x17|.32 ACP (7.65mm)"),
    ("32sw", ".32 S&W", "pistol", "7.92", HG,
     "32 S&W|.32 Smith & Wesson|32 Smith & Wesson|.32 S&W Short|32 S&W Short|.32 SW|32 SW"),
    ("32swl", ".32 S&W Long", "pistol", "7.92", HG,
     "32 S&W Long|.32 Smith & Wesson Long|32 Smith & Wesson Long|32 Smith & Wesson Long Wadcutter|"
     "32 Smith & Wesson Long Wad Cutter|.32 S&W L|32 S&W L|.32 SWL|32 SWL|.32 S&W Long WC|"
     ".32 Colt New Police|32 Colt New Police"),
    ("38sw", ".38 S&W", "pistol", "9.17", HG,
     "38 S&W|.38 Smith & Wesson|38 Smith & Wesson|38 Smith & Wesson. Colt New Police|.38 Colt New Police|"
     "38 Colt New Police|.38 S&W Short|.38 SW|38 SW"),
    ("380acp", ".380 ACP", "pistol", "9.02", PST,
     "380 ACP|.380 Auto|380 Auto|.380 Automatic|380 Automatic|.380|380|9x17|9×17mm|9x17mm|9 x 17|9,00x17|"
     "9mm Kurz|9 mm Kurz|9 Kurz|9mm K|9mm Short|9 mm Short|9mm Browning Court|9 mm Browning court|"
     "9mm Browning Short|9mm court|9 mm court|9mm Corto|9 mm corto|9x17 Browning|.380 Browning|"
     ".380 ACP (9mm Kurz)"),
    ("9x19", "9×19mm Parabellum", "pistol", "9.02", PSR,
     "9mm|9 mm|9|9x19|9×19|9×19mm|9x19mm|9x19 mm|9 x 19|9 X 19|9X19|9 x 19 mm|9,00x19|9mm Para|9 mm Para|"
     "9mm Para.|9mm Parabellum|9 mm Parabellum|9x19 Parabellum|9x19mm Parabellum|9 Parabellum|9mm Luger|"
     "9 mm Luger|9 Luger|9x19 Luger|9x19 Para|9×19 Para|9mm NATO|9 mm NATO|9x19 NATO|9 Para|9mm P|9 mm P|9mm Parabelo|"
     "9mm Luger +P|9mm Luger +P+|9mm +P|9mm Pb|9 mm Luger (9x19)|9mm Luger (9x19mm)"),
    ("9x18", "9×18mm Makarov", "pistol", "9.27", PST,
     "9x18|9×18|9×18mm|9x18mm|9 x 18|9,2x18|9mm Makarov|9 mm Makarov|9x18 Makarov|9×18 Makarov|"
     "9 Makarov|9 Mak|9mm Mak|9x18 PM|9mm PM|9 mm PM"),
    ("9x21", "9×21mm", "pistol", "9.02", PSR,
     "9x21|9×21|9x21mm|9 x 21|9 x 21 mm|9,00x21|9x21 IMI|9mm IMI|9 mm IMI|9x21 Gyurza"),
    ("762x25", "7.62×25mm Tokarev", "pistol", "7.85", PST,
     "7.62x25|7.62×25|7.62×25mm|7.62x25mm|7.62 x 25|7,62x25|7,62 x 25|762x25|7.62 Tokarev|7,62 Tokarev|"
     "7.62x25 Tokarev|7.62 x 25 Tokarev|7.62 TT|7.62x25 TT|7.62 Tok|.30 Tokarev|7.62mm Tokarev"),
    ("763mauser", "7.63×25mm Mauser", "pistol", "7.85", PST,
     "7.63 Mauser|7,63 Mauser|7.63mm Mauser|7.63x25|7.63×25mm|7.63x25 Mauser|7.63 x 25|.30 Mauser|"
     "30 Mauser|.30 Mauser Automatic"),
    ("38spl", ".38 Special", "pistol", "9.07", REVR,
     "38 Special|.38 Spl|38 Spl|.38 Spec|38 Spec.|.38 SP|38 SP|.38 S&W Special|38 S&W Special|"
     ".38 Smith & Wesson Special|.38 Colt Special|.38|38|.38 Especial|38 Especial|.38 cal|38 cal|.38 caliber|.38 spécial|9x29R|"
     "9×29mmR|38 Special +P|.38 Special +P+|38 Special Match|38 Special Wad Cutter|38 Special (carb)|"
     "38 Special Army Marksmanship Unit|.38 Spl +P|.38 SPL WC"),
    ("357mag", ".357 Magnum", "pistol", "9.07", REVR,
     "357 Magnum|.357 Mag|357 Mag|.357 Mag.|.357|357|.357 S&W Magnum|357 S&W Mag|.357 Remington Magnum|"
     "9x33R|9×33mmR|.38/.357|38/357|.38/.357 Magnum|38/357 Magnum|.357/.38|357 Magnum (carb)|.357 Magnum (9x33R)"),
    ("38super", ".38 Super", "pistol", "9.02", PST,
     "38 Super|.38 Super Auto|38 Super Automatic|.38 Super Automatic|38 Super Automatic +P|.38 Super +P|"
     "38 Super +P|.38 Super ACP|.38 Super Colt|9x23SR|9×23mmSR|.38 Auto|38 Auto|38 Automatic|.38 ACP|38 ACP"),
    ("40sw", ".40 S&W", "pistol", "10.16", PSR,
     "40 S&W|.40 Smith & Wesson|40 Smith & Wesson|.40|40|.40 SW|40 SW|.40 S & W|10x22|10×22mm|10x22mm|"
     "10 x 22|.40 cal|40 cal|.40 caliber|.40 Smith&Wesson|.40 S&W (10x22)"),
    ("10mm", "10mm Auto", "pistol", "10.16", PSR,
     "10mm|10 mm|10 mm Auto|10mm Automatic|10 mm Automatic|10 Auto|10x25|10×25mm|10x25mm|10x25 Auto"),
    ("45acp", ".45 ACP", "pistol", "11.48", PSR,
     "45 ACP|.45 Auto|45 Auto|.45 Automatic|45 Automatic|.45|45|11.43x23|11.43×23mm|11.43x23mm|11,43x23|"
     "11.43mm|11.43 mm|11,43 mm|45 Automatic +P|45 Automatic Match|.45 ACP +P|.45 Auto +P|"
     ".45 Automatic Colt Pistol|45 Auto Colt Pistol|.45 cal|45 cal|.45 caliber|.45 ACP (11.43x23)"),
    ("45colt", ".45 Colt", "pistol", "11.48", REVR,
     "45 Colt|.45 Long Colt|45 Long Colt|.45 LC|45 LC|.45 L.C.|45 Colt (carb)|.45 Colt Long|11.5x33R"),
    ("44mag", ".44 Magnum", "pistol", "10.9", REVR,
     "44 Magnum|.44 Mag|44 Mag|.44 Remington Magnum|44 Remington Magnum|.44 Rem Mag|44 Rem Mag|.44|44|"
     ".44 cal|44 cal|44 Remington Magnum (carb)|.44 Magnum (10.9x33R)|10.9x33R"),
    ("357sig", ".357 SIG", "pistol", "9.02", PSR,
     "357 SIG|.357 Sig Sauer|357 Sig Sauer|.357SIG|.357 S.I.G."),
    ("57x28", "5.7×28mm", "pistol", "5.7", "pistol|submachine_gun|rifle",
     "5.7x28|5.7×28|5.7x28mm|5.7 x 28|5,7x28|5,7 x 28|57x28|5.7mm|5.7 mm|5.7|5,7 mm|5.7 FN|5.7x28 FN|"
     "5.7mm FN|5.7 x 28 FN"),
    ("46x30", "4.6×30mm", "pistol", "4.65", "submachine_gun|pistol",
     "4.6x30|4.6×30|4.6x30mm|4.6 x 30|4,6x30|46x30|4.6mm|4.6 mm|4.6|4.6 HK|4.6x30 HK|4.6 mm HK"),
    ("50ae", ".50 Action Express", "pistol", "12.7", "pistol",
     ".50 AE|50 AE|50 Action Express|.50 A.E.|50 A.E.|12.7x33"),
    ("556x45", "5.56×45mm NATO", "rifle", "5.7", RFP,
     "5.56x45|5.56×45|5.56×45mm|5.56x45mm|5.56 x 45|5.56 X 45|5,56x45|5,56 x 45|5,56×45|556x45|5.56|5.56mm|"
     "5.56 mm|5,56|5,56mm|5,56 mm|5.56 NATO|5.56mm NATO|5,56 NATO|5.56x45 NATO|5.56 x 45 NATO|5.56 x 45 mm|"
     ".223 Remington|223 Remington|.223 Rem|223 Rem|.223 Rem.|.223|223|.223 Win|5.56 M193|5.56 SS109|"
     "5.56x45 SS109|5.56/.223|.223/5.56|5.56x45 (.223 Rem)|.223 Remington (5.56x45)"),
    ("762x39", "7.62×39mm", "rifle", "7.92", RFP,
     "7.62x39|7.62×39|7.62x39mm|7.62 x 39|7.62 X 39|7,62x39|7,62 x 39|7,62×39|7.62 x 39 mm|7,62×39 mm|"
     "762x39|7.62 M43|7.62x39 M43|7.62x39 M1943|7.62 Soviet|7.62 x 39 Soviet|7.62 Russian Short|"
     "7.62 Kalashnikov|7.62 AK|7.62|7.62mm|7.62 mm|7,62|7,62 mm|7.62 corto|7,62 corto|7.62 short|M43"),
    ("762x51", "7.62×51mm NATO", "rifle", "7.82", RFL,
     "7.62x51|7.62×51|7.62x51mm|7.62 x 51|7.62 X 51|7,62x51|7,62 x 51|7,62×51|7.62 x 51 mm|762x51|"
     "7.62 NATO|7.62mm NATO|7,62 NATO|7.62x51 NATO|7.62 x 51 NATO|.308 Winchester|308 Winchester|"
     ".308 Win|308 Win|.308 Win.|.308|308|308 Match|.308 Match|7.62 M80|7.62x51 (.308 Win)|"
     ".308 Winchester (7.62x51)"),
    ("762x54r", "7.62×54mmR", "rifle", "7.92", RFL,
     "7.62x54R|7.62×54R|7.62×54mmR|7.62x54mmR|7.62 x 54 R|7.62 x 54R|7.62x54 R|7,62x54R|7,62 x 54 R|"
     "7,62x54|7.62x54|7.62 x 54|762x54r|762x54|7.62 Russian|7.62 Mosin|7.62 Mosin-Nagant|7.62x54R Mosin|"
     "7.62x54 Russian|7.62 PK"),
    ("545x39", "5.45×39mm", "rifle", "5.6", RFL,
     "5.45x39|5.45×39|5.45×39mm|5.45x39mm|5.45 x 39|5,45x39|5,45 x 39|545x39|5.45|5.45mm|5.45 mm|5,45|"
     "5,45 mm|5.45 Soviet|5.45x39 M74|5.45 M74|5.45 Kalashnikov|5.45 Russian"),
    ("3006", ".30-06 Springfield", "rifle", "7.82", RFL,
     ".30-06|30-06|30-06 Springfield|.30-06 Sprg|30-06 Spr|.30-06 Spfld|.30-06 Springfield (7.62x63)|"
     "7.62x63|7.62×63mm|7.62x63mm|7,62x63|7.62 x 63|30.06|.30 M2|.30 Gov't 06"),
    ("303brit", ".303 British", "rifle", "7.92", RFL,
     "303 British|.303|303|.303 Brit|303 Brit|.303 Enfield|.303 Lee-Enfield|.303 Mk VII|7.7x56R|7.7×56mmR|"
     "7,7x56R|7.7 x 56 R"),
    ("792x57", "7.92×57mm Mauser", "rifle", "8.2", RFL,
     "7.92x57|7.92×57|7.92×57mm|7.92x57mm|7.92 x 57|7,92x57|7,92 x 57|792x57|7.92 Mauser|7.92x57 Mauser|"
     "7.92mm|7.92 mm|7,92 mm|7.9mm|7.9 mm Mauser|8x57|8×57|8x57mm|8 x 57|8x57 IS|8x57IS|8 x 57 IS|8x57 JS|"
     "8x57JS|8 x 57 JS|8x57 Mauser|8mm Mauser|8 mm Mauser|8mm Mauser (8 x 57)|8x57 IS Mauser"),
    ("75x54", "7.5×54mm French", "rifle", "7.8", RFL,
     "7.5x54|7.5×54|7.5×54mm|7.5x54mm|7.5 x 54|7,5x54|7,5 x 54|7.5x54 MAS|7.5 MAS|7,5 MAS|7.5 mm MAS|"
     "7.5 French|7.5x54 French|7.5 x 54 Manufacture d'armes de Saint-Étienne|7.5 x 54 MAS"),
    ("765x53", "7.65×53mm Mauser", "rifle", "7.92", RFL,
     "7.65x53|7.65×53|7.65×53mm|7.65x53mm|7.65 x 53|7,65x53|7,65 x 53|7.65 Argentine|7.65 x 53 Argentine|"
     "7.65x53 Argentine|7.65 Mauser|7.65x53 Mauser|7.65 Belgian Mauser|7.65 Argentine Mauser"),
    ("65x55", "6.5×55mm Swedish", "rifle", "6.72", RFL,
     "6.5x55|6.5×55|6.5×55mm|6.5x55mm|6.5 x 55|6,5x55|6,5 x 55|6.5x55 Swedish|6.5 x 55 Swedish|6.5 Swede|"
     "6.5 Swedish|6.5x55 SE|6.5 x 55 SE|6.5x55 Mauser|6.5 Swedish Mauser|6.5×55 Swedish Mauser|6.5x55 Skan"),
    ("65creedmoor", "6.5 Creedmoor", "rifle", "6.72", "rifle",
     "6.5mm Creedmoor|6.5 mm Creedmoor|6,5 Creedmoor|6.5 CM|6.5 Creed|6.5x48|6.5×48mm|6.5 x 48"),
    ("243win", ".243 Winchester", "rifle", "6.17", "rifle",
     "243 Winchester|.243 Win|243 Win|.243|243|.243 Win.|6.2x52"),
    ("270win", ".270 Winchester", "rifle", "7.04", "rifle",
     "270 Winchester|.270 Win|270 Win|.270|270|.270 Win."),
    ("300winmag", ".300 Winchester Magnum", "rifle", "7.82", "rifle",
     "300 Winchester Magnum|.300 Win Mag|300 Win Mag|.300 Win. Mag.|.300 WM|300 WM|.300 Win Magnum|"
     "300 Win Magnum|.300 Winchester Mag|7.62x67"),
    ("338lapua", ".338 Lapua Magnum", "rifle", "8.61", RFL,
     "338 Lapua Magnum|.338 Lapua|338 Lapua|.338 LM|338 LM|.338 Lapua Mag|338 Lapua Mag|.338 LapMag|8.6x70|"
     "8.6×70|8.6×70mm|8.6x70mm|8.6 x 70|8,6x70"),
    ("22250", ".22-250 Remington", "rifle", "5.7", "rifle",
     ".22-250|22-250|22-250 Remington|.22-250 Rem|22-250 Rem|.22-250 Rem."),
    ("3030win", ".30-30 Winchester", "rifle", "7.82", "rifle",
     ".30-30|30-30|30-30 Winchester|.30-30 Win|30-30 Win|.30 WCF|30 WCF|.30-30 WCF"),
    ("58x42", "5.8×42mm", "rifle", "6.0", RFL,
     "5.8x42|5.8×42|5.8×42mm|5.8x42mm|5.8 x 42|5,8x42|5,8 x 42|58x42|5.8mm|5.8 mm|5.8|5,8 mm|"
     "5.8 Chinese|5.8x42 DBP87|DBP87|DBP-87|DBP10"),
    ("300blk", ".300 AAC Blackout", "rifle", "7.82", "rifle|pistol|machine_gun",
     "300 AAC Blackout|.300 Blackout|300 Blackout|.300 BLK|300 BLK|300BLK|.300 AAC|300 AAC|300 BO|.300 BO|"
     "7.62x35|7.62×35mm|7.62x35mm|7.62 x 35|300 Advanced Armament Corporation Blackout"),
    ("127x108", "12.7×108mm", "rifle", "12.98", "machine_gun|rifle|light_weapon",
     "12.7x108|12.7×108|12.7×108mm|12.7x108mm|12.7 x 108|12,7x108|12,7 x 108|12,7×108|127x108|12.7 DShK|"
     "12.7x108 DShK|12.7|12.7mm|12.7 mm|12,7|12,7 mm|12.7 x 108 mm|12.7 Soviet|12.7x108 NSV"),
    ("50bmg", ".50 BMG", "rifle", "12.98", "machine_gun|rifle|light_weapon",
     "50 BMG|.50 Browning|50 Browning|.50 Browning Machine Gun|50 Browning Machine Gun|.50 Browning MG|"
     ".50|50|.50 cal|50 cal|.50 caliber|50 caliber|.50 M2|12.7x99|12.7×99|12.7×99mm|12.7x99mm|12.7 x 99|"
     "12,7x99|12,7 x 99|12.7x99 NATO|12.7 NATO|12.7mm NATO|127x99|.50 BMG (12.7x99)"),
    ("145x114", "14.5×114mm", "rifle", "14.88", "machine_gun|rifle|light_weapon",
     "14.5x114|14.5×114|14.5×114mm|14.5x114mm|14.5 x 114|14,5x114|14,5 x 114|145x114|14.5mm|14.5 mm|14.5|"
     "14,5 mm|14.5 KPV|14.5 mm KPV|14.5x114 KPV"),
    ("10ga", "10 gauge", "shotshell", "19.69", SG,
     "10 ga|10 ga.|10GA|10G|10 g|10 gauge|10-gauge|10 gage|10 bore|10 Bore|10/89|10/76|10/82|10x89|"
     "cal. 10 gauge|calibre 10 gauge|10 Gauge 3 1/2 Smooth bore\"|10 gauge magnum|10 ga 3 1/2"),
    ("12ga", "12 gauge", "shotshell", "18.53", SG,
     "12|12 ga|12 ga.|12GA|12G|12 g|12-gauge|12 gage|12 bore|12-bore|12/70|12/76|12/89|12/65|12/67|12/60|"
     "12/73|12/35 T|12/50 SAPL|12x70|12x76|12 x 70|12 x 76|cal. 12|cal 12|cal.12|calibre 12|calibre 12 gauge|"
     "caliber 12|calibre 12/70|12 calibre|12 gauge magnum|12 ga magnum|12 ga 2 3/4|12 ga 3|12 ga 3 1/2|"
     "12 Gauge 2 3/4 Rifled\"|12 Gauge 2 3/4 Smooth bore\"|12 Gauge 3 Rifled\"|12 Gauge 3 Smooth bore\"|"
     "12 Gauge 3 1/2 Smooth bore\"|12 cal|18.5 mm|18,5 mm|12 gauge shotgun"),
    ("16ga", "16 gauge", "shotshell", "16.81", SG,
     "16|16 ga|16 ga.|16GA|16G|16 g|16-gauge|16 gage|16 bore|16/70|16/65|16/67|16/76|16x70|cal. 16|cal.16|"
     "calibre 16|calibre 16/70|16 Gauge 2 3/4 Smooth bore\"|16 cal"),
    ("20ga", "20 gauge", "shotshell", "15.63", SG,
     "20|20 ga|20 ga.|20GA|20G|20 g|20-gauge|20 gage|20 bore|20/70|20/76|20/65|20/67|20/89|20x70|20x76|"
     "cal. 20|cal.20|calibre 20|calibre 20/76|20 gauge magnum|20 Gauge 2 3/4 Rifled\"|"
     "20 Gauge 2 3/4 Smooth bore\"|20 Gauge 3 Rifled\"|20 Gauge 3 Smooth bore\"|20 cal"),
    ("28ga", "28 gauge", "shotshell", "13.97", SG,
     "28|28 ga|28 ga.|28GA|28G|28-gauge|28 gage|28 bore|28/70|28/65|28/76|28/63.50|28/58.50|cal. 28|"
     "calibre 28|28 Gauge 2 3/4 Smooth bore\""),
    ("410", ".410 bore", "shotshell", "10.41", "shotgun|revolver|pistol",
     ".410|410|410 bore|.410 Bore|.410 gauge|410 gauge|.410 ga|410 ga|410GA|.410 GA|.410 Magnum|.410 Mag|"
     "36 gauge|36 ga|36GA|36 bore|12mm shot|12 mm shot|.410/76|410/76|410/70|410/73|410/65|410/63.50|"
     "410/50.70|410 Bore 2 1/2 Smooth bore\"|410 Bore 3 Smooth bore\"|.410 shotshell|cal. .410|calibre .410"),
    ("9pak", "9mm P.A.K.", "blank", "9.0", HG,
     "9mm PAK|9 mm P.A.K.|9 mm PAK|9mm P.A.|9 mm P.A.|9mm PA|9 mm PA|9mm R.K.|9 mm R.K.|9mm RK|9 mm RK|"
     "9mm Knall|9 mm Knall|9mm blank|9 mm blank|9mm alarm|9 mm alarm|9mm fogueo|9 mm fogueo|9mm de fogueo|"
     "9mm à blanc|9 mm à blanc|9mm gas|9 mm gas|9mm PA blank|9mm Pistole Automatik Knall|9mm Revolver Knall|"
     "9 mm Knall Pistole"),
    ("8mmblank", "8mm blank", "blank", "8.0", HG,
     "8 mm blank|8mm Knall|8 mm Knall|8mm K|8mm P.A.K.|8 mm P.A.K.|8mm PAK|8mm fogueo|8 mm fogueo|"
     "8mm de fogueo|8mm à blanc|8 mm à blanc|8mm alarm|8mm gas|8 mm gas|8mm blank cartridge"),
    ("380blank", ".380 blank", "blank", "9.0", HG,
     "380 blank|.380 Knall|380 Knall|.380 alarm|.380 fogueo|380 fogueo|.380 à blanc|.380 blank cartridge|"
     ".380 Auto blank|.380 PA|380 PA"),
    ("6mmflobert", "6mm Flobert", "rimfire", "5.6", RF,
     "6 mm Flobert|6mm Flobert à balle|6mm Flobert à balle DC|6 mm Flobert à balle|6mm Flobert RF|"
     "6mm RF|6 mm RF|6mm rimfire|6 mm rimfire|6mm Randfeuer|6 mm Flobert court|6mm Flobert short"),
    ("4mmflobert", "4mm Flobert", "rimfire", "4.5", RF,
     "4 mm Flobert|4mm Randz.|4 mm Randz.|4mm Randz. court|4mm Randz. long|4mm Randzünder|4 mm Randzünder|"
     "4mm Randfeuer|4mm RF|4 mm RF|4mm rimfire|4 mm rimfire|4mm M20|4 mm M20|4mm R.Z.|4mm Flobert long"),
    ("40x46", "40×46mm grenade", "grenade", "40.0", LW,
     "40x46|40×46|40×46mm|40x46mm|40 x 46|40x46SR|40×46mmSR|40x46 LV|40mm|40 mm|40mm grenade|40 mm grenade|"
     "40mm low velocity|40mm LV|40 mm LV|40mm M203|40mm M79|40mm M406|40 mm granada|granada de 40 mm|"
     "grenade de 40 mm|40mm grenade (M203)"),
    ("pg7", "PG-7 rocket-propelled grenade", "grenade", "40.0", LW,
     "PG-7|PG7|RPG-7|RPG7|RPG-7 PG-7V|PG-7V|PG-7VM|PG-7VL|PG-7VR|PG-7M|OG-7|OG-7V|OG-7VM|TBG-7V|RPG-7 grenade|RPG-7 round|"
     "RPG-7 rocket|RPG-7 ammunition|PG-7 rocket|PG-7 grenade|cohete RPG-7|granada RPG-7|roquette RPG-7|"
     "grenade RPG-7|85mm PG-7V|93mm PG-7VL"),
    ("60mortar", "60mm mortar bomb", "grenade", "60.0", LW,
     "60mm mortar|60 mm mortar|60mm|60 mm|60mm mortar round|60mm mortar bomb|60 mm mortar bomb|60mm HE|"
     "mortero 60mm|mortero de 60 mm|granada de mortero 60 mm|obus de mortero 60 mm|mortier 60 mm|"
     "mortier de 60 mm|obus de mortier 60 mm|M49A4|M720"),
    ("82mortar", "82mm mortar bomb", "grenade", "82.0", LW,
     "82mm mortar|82 mm mortar|82mm|82 mm|82mm mortar round|82mm mortar bomb|82 mm mortar bomb|82mm HE|"
     "mortero 82mm|mortero de 82 mm|granada de mortero 82 mm|mortier 82 mm|mortier de 82 mm|"
     "obus de mortier 82 mm|O-832|O-832D"),
    # Further curated entries (own slugs).
    ("65x52carcano", "6.5×52mm Carcano", "rifle", "6.7", RFL,
     "6.5x52|6.5×52|6.5×52mm|6.5x52mm|6.5 x 52|6,5x52|6,5 x 52|6.5x52 Carcano|6.5 x 52 Carcano|6.5 Carcano|"
     "6,5 Carcano|6.5mm Carcano|6.5 Mannlicher-Carcano|6.5x52 Mannlicher-Carcano|6.5 Italian"),
    ("9mmflobert", "9mm Flobert", "rimfire", "9.0", "shotgun|rifle",
     "9 mm Flobert|9mm Flobert à balle|9mm Flobert à plombs Carton|9mm Flobert à plombs Metal|"
     "9mm Flobert à plombs|9mm rimfire|9 mm rimfire|9mm RF|9 mm RF|9mm rimfire shot|9mm garden gun|"
     "9mm Randfeuer|9 mm Randfeuer"),
    ("4ga", "4 gauge", "shotshell", "26.72", SG,
     "4 ga|4GA|4 gauge|4-gauge|4/82|4/101"),
    ("8ga", "8 gauge", "shotshell", "21.21", SG,
     "8 ga|8GA|8 gauge|8-gauge|8 bore|8/82|8/100"),
    ("14ga", "14 gauge", "shotshell", "17.6", SG,
     "14 ga|14GA|14 gauge|14-gauge|14 bore|14/65|14/67|14/70"),
    ("24ga", "24 gauge", "shotshell", "14.7", SG,
     "24 ga|24GA|24 gauge|24-gauge|24 bore|24/63.50|24/65|24/70"),
    ("32ga", "32 gauge", "shotshell", "13.4", SG,
     "32 ga|32GA|32 gauge|32-gauge|32 bore|32/50.70|32/60|32/63.5|32/65|32/70|32/65 RUS|32/70 RUS"),
    ("30luger", ".30 Luger", "pistol", "7.85", PST,
     "30 Luger|.30 Luger (7.65mm)|30 Luger (7.65mm)|7.65x21|7.65×21mm|7.65x21mm|7.65 x 21|7,65x21|"
     "7.65 Para|7,65 Para|7.65mm Para|7.65 Parabellum|7.65 mm Parabellum|7,65 Parabellum|"
     "7.65x21 Parabellum|7.65×21mm Parabellum|7.65 Luger|7.65mm Luger|.30 Parabellum"),
    ("762x38r", "7.62×38mmR Nagant", "pistol", "7.82", "revolver",
     "7.62 Nagant|7,62 Nagant|7.62mm Nagant|7.62 mm Nagant|7.62x38R|7.62×38R|7.62×38mmR|7.62x38mmR|"
     "7.62 x 38 R|7.62 x 38R|7,62x38R|7.62x38|7.62 x 38|7.62 Nagant revolver|7.62x38R Nagant|.30 Nagant"),
    ("30carbine", ".30 Carbine", "rifle", "7.82", "rifle|pistol|submachine_gun",
     "30 Carbine|.30 M1 Carbine|30 M1 Carbine|.30 M1|30 M1|.30 Carb|30 Carb|.30 Carbine M1|7.62x33|"
     "7.62×33|7.62×33mm|7.62x33mm|7.62 x 33|7,62x33|.30 US Carbine"),
    ("545x18", "5.45×18mm", "pistol", "5.6", "pistol",
     "5.45x18|5.45×18|5.45×18mm|5.45x18mm|5.45 x 18|5,45x18|5,45 x 18|5.45 PSM|5.45x18 PSM|5,45 PSM"),
    ("44spl", ".44 Special", "pistol", "10.9", REVR,
     "44 Special|.44 Spl|44 Spl|.44 S&W Special|44 S&W Special|44 Smith & Wesson Special|"
     ".44 Smith & Wesson Special|44 Smith & Wesson Special (carb)|44 S&W Spl|.44 Spec"),
    ("9largo", "9mm Largo", "pistol", "9.02", PST,
     "9 mm Largo|9 Largo|9x23 Largo|9×23mm Largo|9x23mm Largo|9 x 23 Largo|9mm Bergmann-Bayard|"
     "9 mm Bergmann-Bayard|9mm Bergmann|9mm Bayard|9 mm Bayard|9x23 Bergmann-Bayard|9mm Largo (9x23)"),
    ("32hrmag", ".32 H&R Magnum", "pistol", "7.92", REVR,
     "32 H&R Magnum|.32 H&R Mag|32 H&R Mag|.32 H&R|32 H&R|32 Harrington & Richardson Magnum|"
     ".32 Harrington & Richardson Magnum"),
    ("41mag", ".41 Remington Magnum", "pistol", "10.4", REVR,
     "41 Remington Magnum|.41 Magnum|41 Magnum|.41 Mag|41 Mag|.41 Rem Mag|41 Rem Mag"),
    ("455webley", ".455 Webley", "pistol", "11.6", HG,
     "455 Webley|.455|455|.455 Webley Mk II|455 MK II|.455 Mk II|.455 Eley|.455 Webley Auto"),
    ("792x33", "7.92×33mm Kurz", "rifle", "8.2", RFL,
     "7.92x33|7.92×33|7.92×33mm|7.92x33mm|7.92 x 33|7,92x33|7.92x33 Kurz|7.92 x 33 kurz|7.92×33mm Kurz|"
     "7.92 Kurz|7,92 Kurz|8mm Kurz|8 mm Kurz|8x33 Kurz|7.9 Kurz|7.9mm Kurz|7.92 kurz Patrone"),
    ("75x55", "7.5×55mm Swiss", "rifle", "7.8", RFL,
     "7.5x55|7.5×55|7.5×55mm|7.5x55mm|7.5 x 55|7,5x55|7,5 x 55|7.5x55 Swiss|7.5 x 55 Suisse|7.5 Swiss|"
     "7.5x55 Schmidt-Rubin|7.5 Schmidt-Rubin|GP11|GP 11|GP90"),
    ("77x58", "7.7×58mm Arisaka", "rifle", "7.9", RFL,
     "7.7x58|7.7×58|7.7×58mm|7.7x58mm|7.7 x 58|7,7x58|7.7 Arisaka|7.7x58 Arisaka|7.7 Japanese|"
     "7.7mm Japanese|7.7 Jap"),
    ("22hornet", ".22 Hornet", "rifle", "5.7", "rifle|pistol",
     "22 Hornet|.22 Hornet Winchester|.22 Hor|22 Hor|5.6x35R Hornet"),
    ("222rem", ".222 Remington", "rifle", "5.7", "rifle",
     "222 Remington|.222 Rem|222 Rem|.222|222|.222 Rem.|5.7x43"),
    ("7x57", "7×57mm Mauser", "rifle", "7.24", RFL,
     "7x57|7×57|7×57mm|7x57mm|7 x 57|7,0x57|7x57 Mauser|7mm Mauser|7 mm Mauser|7mm Mauser (7x57)|"
     "7mm Spanish Mauser|7 mm Mauser Español|7x57 Mauser Spanish"),
    ("7x64", "7×64mm", "rifle", "7.24", "rifle",
     "7x64|7×64|7×64mm|7x64mm|7 x 64|7,0x64|7x64 Brenneke|7 x 64 Brenneke|7mm Brenneke"),
    ("93x62", "9.3×62mm", "rifle", "9.3", "rifle",
     "9.3x62|9.3×62|9.3×62mm|9.3x62mm|9.3 x 62|9,3x62|9,3 x 62|9.3x62 Mauser|9.3 x 62 Mauser"),
    ("93x74r", "9.3×74mmR", "rifle", "9.3", "rifle",
     "9.3x74R|9.3×74R|9.3×74mmR|9.3x74mmR|9.3 x 74 R|9.3 x 74R|9,3x74R|9,3 x 74 R|9.3x74"),
    ("40x53", "40×53mm grenade", "grenade", "40.0", LW,
     "40x53|40×53|40×53mm|40x53mm|40 x 53|40x53SR|40×53mmSR|40mm high velocity|40mm HV|40 mm HV|"
     "40mm Mk 19|40mm Mk19|40mm AGL"),
    ("vog25", "VOG-25 40mm caseless grenade", "grenade", "40.0", LW,
     "VOG-25|VOG25|VOG-25P|VOG-25M|VOG 25|GP-25 grenade|GP-30 grenade|40mm VOG|40mm caseless|"
     "40 mm VOG-25|granada VOG-25|grenade VOG-25"),
    ("pg9", "PG-9 73mm recoilless round", "grenade", "73.0", LW,
     "PG-9|PG9|PG-9V|PG-9VS|OG-9|OG-9V|73mm|73 mm|73mm SPG-9|73 mm SPG-9|SPG-9 round|SPG-9 ammunition"),
    ("81mortar", "81mm mortar bomb", "grenade", "81.0", LW,
     "81mm mortar|81 mm mortar|81mm|81 mm|81mm mortar round|81mm mortar bomb|81mm HE|mortero 81mm|"
     "mortero de 81 mm|granada de mortero 81 mm|mortier 81 mm|mortier de 81 mm|obus de mortier 81 mm"),
    ("120mortar", "120mm mortar bomb", "grenade", "120.0", LW,
     "120mm mortar|120 mm mortar|120mm|120 mm|120mm mortar round|120mm mortar bomb|mortero 120mm|"
     "mortero de 120 mm|mortier 120 mm|mortier de 120 mm"),
    ("84carlgustaf", "84mm Carl Gustaf round", "grenade", "84.0", LW,
     "84mm|84 mm|84mm Carl Gustaf|84 mm Carl Gustaf|84mm Carl Gustav|Carl Gustaf round|"
     "Carl Gustaf ammunition|84mm recoilless"),
]

# Resolver keys deliberately shared by two entries: `40mm` is the grenade, `.40` the S&W cartridge, and
# both fold to `40`; the firearm type of the record chooses between them (light_weapon vs pistol).
SHARED_KEYS = {"40"}

CATEGORY = {"pistol": "pistol", "rifle": "rifle", "rimfire": "rimfire", "shotshell": "shotshell"}
TYPES_OF = {"pistol": "pistol|revolver|submachine_gun", "rifle": "rifle|machine_gun",
            "rimfire": "pistol|revolver|rifle", "shotshell": "shotgun"}

_EXTRA = {"ß": "ss", "æ": "ae", "Æ": "ae", "ø": "o", "Ø": "o", "ł": "l", "Ł": "l", "đ": "d", "Đ": "d",
          "œ": "oe", "Œ": "oe", "ı": "i"}


def strip_diacritics(s):
    s = "".join(_EXTRA.get(c, c) for c in s)
    return "".join(c for c in unicodedata.normalize("NFD", s) if not unicodedata.combining(c))


def calibre_key(raw):
    """Python twin of `calibre_key` in src/nomenclature/resolve.rs (used to find collisions)."""
    s = "".join("x" if c in "×хХ*" else c for c in raw)
    s = strip_diacritics(s).lower()
    words = [w for w in s.split() if w]
    while words and words[0].rstrip(".:") in ("cal", "calibre", "caliber", "calibro", "kaliber", "kal",
                                               "calibre:", "cartridge"):
        words.pop(0)
    chars = list("".join(words))
    out, i = [], 0
    while i < len(chars):
        c = chars[i]
        prev_digit = i > 0 and chars[i - 1] in "0123456789"
        next_digit = i + 1 < len(chars) and chars[i + 1] in "0123456789"
        if c == "m" and i + 1 < len(chars) and chars[i + 1] == "m" and (
                prev_digit or i == 0 or not chars[i - 1].isalpha()):
            i += 2
            continue
        if c in ".," and prev_digit and next_digit:
            out.append(".")
        elif c.isalnum() or c in "/+&":
            out.append(c)
        i += 1
    return "".join(out)


def simple_key(s):
    """The comparison of the brief: case-insensitive, leading dot and spaces ignored."""
    s = re.sub(r"\s+", "", s.strip()).casefold()
    return s[1:] if s.startswith(".") else s


def slug(name):
    s = strip_diacritics(name).lower().replace("&", " and ").replace("+", " plus ")
    s = re.sub(r"(?<=\d)\s*x\s*(?=\d)", "x", s)
    s = re.sub(r"(?<=\d)\s+mm\b", "mm", s)
    s = re.sub(r"(?<=\d)[.,](?=\d)", "", s)
    return re.sub(r"[^a-z0-9]+", "_", s).strip("_")


def diameter(name, category):
    """Nominal bore from the designation: metric (`7.62 x 39`, `6mm`, `7 Penna`) in mm, inch
    designations (`308`, `45-70`, `450/400`) converted; empty when the name does not tell."""
    n = name.strip().lstrip(".")
    m = re.match(r"^(\d+)[.,](\d+)", n)
    if m:
        return "%g" % round(float(m.group(1) + "." + m.group(2)), 2)
    m = re.match(r"^(\d+)(?:/(\d+))?", n)
    if not m:
        return ""
    first, after = m.group(1), n[m.end():]
    if re.match(r"^\s*(bore|gauge|ga)\b", after, re.I):
        return ""
    if len(first) == 1 or re.match(r"^\s*(mm\b|mm|x\b|x\s*\d)", after, re.I) or category == "shotshell":
        return "%g" % float(first)
    digits = m.group(2) if (m.group(2) and category != "shotshell") else first
    inch = int(digits) / (100 if len(digits) == 2 else 1000)
    return "%g" % round(inch * 25.4, 2)


RULES = [("Smith & Wesson", "S&W"), ("Remington", "Rem"), ("Winchester", "Win"), ("Magnum", "Mag"),
         ("Automatic", "Auto")]


def _sub(s, a, b):
    return re.sub(r"(?<![A-Za-z&])" + re.escape(a) + r"(?![A-Za-z&])", b, s)


def mechanical(name, category):
    """A few mechanical aliases: abbreviations both ways, Automatic/Auto -> ACP at the end (pistol
    cartridges only), leading dot toggled for inch designations."""
    out = []
    short, long_ = name, name
    for a, b in RULES:
        one = _sub(name, a, b)
        if one == name:
            one = _sub(name, b, a)
        out.append(one)
        short, long_ = _sub(short, a, b), _sub(long_, b, a)
    out += [short, long_]
    for v in (name, short) if category == "pistol" else ():
        if re.search(r"\s(Automatic|Auto)$", v):
            out.append(re.sub(r"(Automatic|Auto)$", "ACP", v))
    inch = category != "shotshell" and re.match(r"^\d{2,}(?:[-/]\d+)?(?:\s+(?!x\b)\S.*)?$", name)
    if inch:
        out += ["." + name, "." + short]
    seen, res = {name.casefold()}, []
    for v in out:
        v = re.sub(r"\s+", " ", v).strip()
        if v and v.casefold() not in seen:
            seen.add(v.casefold())
            res.append(v)
    return res


def read_cartridges(path):
    rows = []
    with open(path, encoding="utf-8", newline="") as f:
        for r in csv.DictReader(f):
            name, cat = r["name"].strip(), r["category"].strip()
            if cat not in CATEGORY and "," in name:
                # One row of the source is mis-quoted: `"500 Nitro Express 3"",rifle""",SAAMI,`.
                name, cat = name.rsplit(",", 1)
                name, cat = name.strip(), cat.strip().strip('"')
            if cat not in CATEGORY:
                raise SystemExit(f"unknown category {cat!r} for {name!r}")
            rows.append((name, cat))
    return rows


class Table:
    def __init__(self):
        self.entries, self.simple, self.keys, self.literal = [], {}, {}, {}

    def owner(self, text):
        """Entry that already holds this written form (brief comparison, then the resolver's key)."""
        i = self.simple.get(simple_key(text))
        if i is None:
            owners = self.keys.get(calibre_key(text), set())
            i = min(owners) if owners else None
        return i

    def taken(self, text, me):
        i = self.simple.get(simple_key(text))
        others = self.keys.get(calibre_key(text), set()) - {me}
        return (i is not None and i != me) or bool(others) or text.casefold() in self.literal

    def add_form(self, text, i):
        self.simple.setdefault(simple_key(text), i)
        self.keys.setdefault(calibre_key(text), set()).add(i)
        self.literal[text.casefold()] = i

    def add(self, cid, name, category, diam, types, aliases):
        i = len(self.entries)
        self.entries.append({"id": cid, "name": name, "category": category, "diameter": diam,
                             "types": types, "aliases": []})
        self.add_form(name, i)
        for a in aliases:
            self.add_alias(i, a)
        return i

    def add_alias(self, i, a):
        a = re.sub(r"\s+", " ", a).strip()
        e = self.entries[i]
        if not a or a.casefold() == e["name"].casefold() or a.casefold() in self.literal:
            return a.casefold() == e["name"].casefold() or self.literal.get(a.casefold()) == i
        e["aliases"].append(a)
        self.add_form(a, i)
        return True


def main():
    src = sys.argv[1] if len(sys.argv) > 1 else CARTRIDGES
    t, ids, problems = Table(), set(), []
    for cid, name, cat, diam, types, al in CURATED:
        if cid in ids:
            problems.append(f"duplicate id {cid}")
        ids.add(cid)
        i = len(t.entries)
        for f in [name] + al.split("|"):
            o = t.simple.get(simple_key(f))
            ko = t.keys.get(calibre_key(f), set()) - {i} if calibre_key(f) not in SHARED_KEYS else set()
            if (o is not None and o != i) or ko:
                owners = {t.entries[x]["id"] for x in ko | ({o} if o is not None and o != i else set())}
                problems.append(f"curated {cid}: {f!r} (key {calibre_key(f)!r}) already on {sorted(owners)}")
        types = types.split("|")
        if cat in ("pistol", "rifle", "rimfire", "shotshell"):
            # Improvised and combination guns (other_firearm) are made for the common cartridges.
            types.append("other_firearm")
        t.add(cid, name, cat, diam, types, al.split("|"))
    n_curated = len(t.entries)
    covered, merged, dropped, appended = [], [], [], 0
    for name, cat in read_cartridges(src):
        o = t.owner(name)
        if o is not None:
            e = t.entries[o]
            if o < n_curated:
                how = "alias" if simple_key(name) in t.simple else "same resolver key"
                covered.append((name, e["id"], how))
            else:
                for ty in TYPES_OF[cat].split("|"):
                    if ty not in e["types"]:
                        e["types"].append(ty)
                merged.append((name, e["id"]))
            if name.casefold() not in t.literal:
                e["aliases"].append(name)
                t.add_form(name, o)
            continue
        cid = base = slug(name)
        k = 2
        while cid in ids:
            cid, k = f"{base}_{k}", k + 1
        ids.add(cid)
        i = t.add(cid, name, CATEGORY[cat], diameter(name, cat), TYPES_OF[cat].split("|"), [])
        for a in mechanical(name, cat):
            if t.taken(a, i):
                dropped.append((a, cid))
            else:
                t.add_alias(i, a)
        appended += 1
    path = os.path.join(DATA, "calibres.tsv")
    with open(path, "w", encoding="utf-8", newline="\n") as f:
        f.write("id\tname\tcategory\tdiameter_mm\taliases\ttypes\n")
        for e in t.entries:
            cells = [e["id"], e["name"], e["category"], e["diameter"], "|".join(e["aliases"]),
                     "|".join(e["types"])]
            for c in cells:
                assert "\t" not in c and "\n" not in c, c
            f.write("\t".join(cells) + "\n")
    print(f"calibres.tsv: {len(t.entries)} entries, {n_curated} curated, {appended} from cartridges.csv")
    print(f"cartridges.csv names already on a curated entry: {len(covered)}")
    for c in covered:
        if c[2] != "alias":
            print("  by resolver key only:", c)
    print(f"cartridges.csv names merged into an earlier appended entry: {len(merged)}")
    for m in merged:
        print("  ", m)
    print(f"mechanical aliases dropped (collision): {len(dropped)}")
    for d in dropped:
        print("  ", d)
    for p in problems:
        print("PROBLEM:", p)
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
