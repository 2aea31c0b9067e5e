"""French text helpers."""


def test_de_elides_before_a_vowel_or_an_h():
    from synergies.core.text import de

    assert de("Armor Usinage") == "d’Armor Usinage"
    assert de("Hennebont Drones") == "d’Hennebont Drones"
    assert de("École navale") == "d’École navale"
    assert de("Brest Métropole") == "de Brest Métropole"
