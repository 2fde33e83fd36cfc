"""Third-party hosts of the world: the widgets sites embed with ``<script src>`` on other hosts.

Legitimate ones (a prayer-times table, a weather box) are on about a third of the sites, infected
or not: their code writes HTML into the page, and the prayer-times one offers "slot waktu" for
consultations, so a scanner that reads third-party code must tell a widget from an injection.
The attacks' own third-party hosts (``attacks.third_party_script``) are served beside them.
Every host here is reached through ``world_overrides``, so nothing leaves loopback.
"""

from __future__ import annotations

import random

from scanner.demo.world.records import SiteSpec

WIDGETS = {
    "embed.jadwalsholat-kita.net": "/v1/jadwal.js",
    "widget.cuacanusantara.com": "/box.min.js",
}
"""Host -> script path of each legitimate widget."""


def widget_of(site: SiteSpec) -> str:
    """The widget URL this site embeds ('' for none); its own random stream."""
    rng = random.Random(f"widget3p:{site.seed}")
    if rng.random() >= 0.35:
        return ""
    host = rng.choice(sorted(WIDGETS))
    return f"http://{host}{WIDGETS[host]}?kota={site.region}"


def widget_code(host: str) -> str | None:
    """The code a legitimate widget host serves (None for other hosts)."""
    if host == "embed.jadwalsholat-kita.net":
        return (
            "/*! JadwalSholat embed v1.3 */(function(d){var t={subuh:'04:21',dzuhur:'11:47',"
            "ashar:'15:08',maghrib:'17:58',isya:'19:09'};var h='<table class=\"js-jadwal\">"
            "<caption>Jadwal Sholat Hari Ini</caption>';for(var k in t){h+='<tr><td>'+k+"
            "'</td><td>'+t[k]+'</td></tr>';}h+='</table><p>Slot waktu konsultasi keagamaan: "
            "08.00-12.00 WIB. <a href=\"https://kemenag.go.id/\">Kemenag</a></p>';var n=d."
            "getElementById('widget-3p');if(n){n.innerHTML=h;}else{d.write(h);}})(document);\n"
        )
    if host == "widget.cuacanusantara.com":
        return (
            "/*! CuacaNusantara box */!function(w,d){var c=['Cerah','Berawan','Hujan Ringan'];"
            "var i=new Date().getHours()%3;var box=d.createElement('div');box.className='cuaca';"
            "box.innerHTML='<strong>Prakiraan Cuaca</strong> '+c[i]+' 24-31&deg;C <a href=\""
            "https://www.bmkg.go.id/\" target=\"_blank\">BMKG</a>';if(w.matchMedia('(max-width: "
            "600px)').matches){box.style.fontSize='12px';}(d.getElementById('widget-3p')||d.body)."
            "appendChild(box);}(window,document);\n"
        )
    return None
