"""liemchinh integrity_synth DIR --officials N --seed S: synthetic registries with planted conflicts."""

from __future__ import annotations

import time

from django.core.management.base import BaseCommand, CommandError

from liemchinh.integrity.synth.generator import SynthOptions, generate, stderr_progress

# (share of full dates, share of bare years) of person copies and of officials' own rows.
# "harsh": about half of the relatives' and enterprise people's copies lack the full date, the
# generator's original setting; "registry": registries kept from asset declarations and business
# registration, where the full date is usually there (the data the issue's "an exact-match scan
# finds about 86%" describes).
BIRTH_PROFILES = {
    "harsh": {"copy_birth": (0.55, 0.30), "official_birth": (0.80, 0.15)},
    "registry": {"copy_birth": (0.90, 0.07), "official_birth": (0.97, 0.03)},
}


def _rate(text: str) -> float:
    value = float(text)
    if not 0 <= value <= 1:
        raise ValueError(text)
    return value


class Command(BaseCommand):
    help = (
        "Sinh dữ liệu giả lập (cơ quan, cán bộ, vị trí, người thân, doanh nghiệp, hợp đồng) có cài sẵn "
        "xung đột lợi ích (truth.jsonl) và trường hợp gây nhiễu (decoys.jsonl) để đo độ chính xác."
    )

    def add_arguments(self, parser):
        parser.add_argument("directory", help="Thư mục ghi các tệp CSV")
        parser.add_argument("--officials", type=int, default=1000, help="Số cán bộ (tối thiểu 15)")
        parser.add_argument(
            "--enterprises", type=int, default=None, help="Số doanh nghiệp (mặc định: 0,5 × cán bộ)"
        )
        parser.add_argument("--contracts", type=int, default=None, help="Số hợp đồng (mặc định: 1 × cán bộ)")
        parser.add_argument("--seed", type=int, default=0)
        parser.add_argument("--id-rate", type=_rate, default=0.3, help="Tỷ lệ bản ghi có số định danh (0–1)")
        parser.add_argument(
            "--noise-rate", type=_rate, default=0.3, help="Tỷ lệ họ tên gõ sai, thiếu dấu (0–1)"
        )
        parser.add_argument(
            "--birth-profile",
            choices=sorted(BIRTH_PROFILES),
            default="harsh",
            help=(
                "Mức đầy đủ của ngày sinh: harsh (khoảng một nửa bản sao thiếu ngày sinh đầy đủ) hoặc "
                "registry (sổ liệu lấy từ bản kê khai, phần lớn có ngày sinh đầy đủ)"
            ),
        )
        parser.add_argument(
            "--conflict-rate", type=_rate, default=0.01, help="Số xung đột cài sẵn trên mỗi cán bộ"
        )

    def handle(self, *args, **options):
        if options["officials"] < 15:
            raise CommandError("Số cán bộ phải từ 15 trở lên.")
        large = options["officials"] >= 200_000
        started = time.monotonic()
        counts = generate(
            options["directory"],
            SynthOptions(
                officials=options["officials"],
                enterprises=options["enterprises"],
                contracts=options["contracts"],
                seed=options["seed"],
                id_rate=options["id_rate"],
                noise_rate=options["noise_rate"],
                conflict_rate=options["conflict_rate"],
                **BIRTH_PROFILES[options["birth_profile"]],
                progress=stderr_progress if large else None,
            ),
        )
        elapsed = time.monotonic() - started
        summary = ", ".join(f"{name}: {value}" for name, value in counts.items())
        self.stdout.write(f"Đã ghi {options['directory']} trong {elapsed:.1f} giây ({summary})")
