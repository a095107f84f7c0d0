import casus


def test_api_all_names_exist_and_are_sorted():
    for name in casus.__all__:
        assert hasattr(casus, name), name
    assert sorted(casus.__all__, key=str.lower) == sorted(casus.__all__, key=str.lower)


def test_api_settings_table_matches_settings_object():
    from dataclasses import fields

    assert {s.name for s in casus.SETTINGS} == {f.name for f in fields(casus.Settings)}
