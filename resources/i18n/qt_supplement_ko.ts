<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<!-- Korean for the Qt texts the window's standard dialogs show that Qt's own qtbase_ko lacks (Qt 6.8+
     renamed them, the Korean catalogue still has the old names). Loaded after qtbase_ko by
     pos_app.ui.shell.i18n; tests/ui/test_qt_dialog_translations.py opens the dialogs and finds any new gap. -->
<TS version="2.1" language="ko_KR" sourcelanguage="en">
<context>
    <name>QFileDialog</name>
    <message>
        <source>&amp;Look in:</source>
        <translation>찾는 위치(&amp;L):</translation>
    </message>
    <message>
        <source>Files of &amp;type:</source>
        <translation>파일 형식(&amp;T):</translation>
    </message>
</context>
<context>
    <name>QAbstractFileIconProvider</name>
    <message>
        <source>Drive</source>
        <translation>드라이브</translation>
    </message>
    <message>
        <source>Folder</source>
        <translation>폴더</translation>
    </message>
    <message>
        <source>File</source>
        <translation>파일</translation>
    </message>
    <message>
        <source>Shortcut</source>
        <translation>바로 가기</translation>
    </message>
    <message>
        <source>Alias</source>
        <translation>별칭</translation>
    </message>
    <message>
        <source>Unknown</source>
        <translation>알 수 없음</translation>
    </message>
    <message>
        <source>%1 File</source>
        <translation>%1 파일</translation>
    </message>
</context>
</TS>
