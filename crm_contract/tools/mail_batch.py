"""Batched creation of activities on contracts."""

from collections import defaultdict


def create_activities(activity_model, vals_list):
    """The activities of ``vals_list``, created in as few ``create`` calls as possible and
    returned in the order of ``vals_list``.

    mail.activity's create subscribes each assignee to every record of its batch through
    one insert: a record given twice to the same assignee in one call would insert the same
    follower twice, and the database would refuse the whole batch. So each call holds a
    record at most once per assignee.
    """
    rounds, seen = [], defaultdict(int)
    for index, vals in enumerate(vals_list):
        key = vals["res_model_id"], vals["res_id"], vals.get("user_id")
        if seen[key] == len(rounds):
            rounds.append([])
        rounds[seen[key]].append(index)
        seen[key] += 1
    by_index = {}
    for indexes in rounds:
        created = activity_model.create([vals_list[i] for i in indexes])
        by_index.update(zip(indexes, created, strict=True))
    return activity_model.concat(*(by_index[i] for i in range(len(vals_list))))
