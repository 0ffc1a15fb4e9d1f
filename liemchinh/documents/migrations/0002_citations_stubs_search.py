
import unicodedata

import django.db.models.deletion
from django.db import migrations, models


def _fold(text):
    decomposed = unicodedata.normalize("NFD", unicodedata.normalize("NFC", text or ""))
    stripped = "".join(ch for ch in decomposed if unicodedata.category(ch) != "Mn")
    stripped = unicodedata.normalize("NFC", stripped.replace("đ", "d").replace("Đ", "D"))
    return " ".join(stripped.lower().split())


def fill_search_columns(apps, schema_editor):
    """Existing documents get their number key and folded search text (as the services keep them)."""
    Document = apps.get_model("documents", "Document")
    for document in Document.objects.all().iterator():
        key = _fold(document.number).replace(" ", "")
        parts = [document.number, key, document.title, document.full_text]
        Document.objects.filter(pk=document.pk).update(
            number_key=key, search_text=_fold(" ".join(part for part in parts if part)))


class Migration(migrations.Migration):

    dependencies = [
        ('documents', '0001_initial'),
    ]

    operations = [
        migrations.AddField(
            model_name='document',
            name='is_stub',
            field=models.BooleanField(db_index=True, default=False, verbose_name='chưa có toàn văn'),
        ),
        migrations.AddField(
            model_name='document',
            name='number_key',
            field=models.CharField(blank=True, db_index=True, editable=False, max_length=255, verbose_name='khóa số hiệu'),
        ),
        migrations.AddField(
            model_name='document',
            name='search_text',
            field=models.TextField(blank=True, default='', editable=False, verbose_name='nội dung tìm kiếm'),
        ),
        migrations.CreateModel(
            name='DocumentCitation',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('text', models.CharField(max_length=255, verbose_name='số hiệu hoặc tên như được viết')),
                ('position', models.PositiveIntegerField(default=0, verbose_name='thứ tự')),
                ('cited', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='cited_by_links', to='documents.document', verbose_name='văn bản được trích dẫn')),
                ('citing', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='citations', to='documents.document', verbose_name='văn bản trích dẫn')),
            ],
            options={
                'verbose_name': 'trích dẫn văn bản',
                'verbose_name_plural': 'trích dẫn văn bản',
                'ordering': ['citing_id', 'position', 'id'],
                'constraints': [models.UniqueConstraint(fields=('citing', 'cited'), name='documents_citation_once'), models.CheckConstraint(condition=models.Q(('citing', models.F('cited')), _negated=True), name='documents_citation_not_self')],
            },
        ),
        migrations.RunPython(fill_search_columns, migrations.RunPython.noop),
    ]
