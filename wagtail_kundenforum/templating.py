"""Template helpers shared by the app's pages and views."""

from django.template import Context
from django.template.base import Template
from django.template.loader import get_template, select_template
from django.template.loader_tags import BlockNode, ExtendsNode

from .conf import get_setting

FALLBACK_BASE_TEMPLATE = "wagtail_kundenforum/base.html"


def get_base_template():
    """The template the app's pages extend: the site's own, else the app's minimal one.

    ``{% extends %}`` accepts the returned template object, so a site without a
    ``base.html`` still renders the app's pages.
    """
    return select_template([get_setting("KUNDENFORUM_BASE_TEMPLATE"), FALLBACK_BASE_TEMPLATE])


class UncheckableTemplate(Exception):
    """The template is not one of Django's own engine, so its blocks cannot be read."""


def rendered_blocks(name):
    """The names of the blocks that a template extending ``name`` can fill, and the file of
    the topmost template of its ``{% extends %}`` chain (where a missing block belongs).

    Walks the chain as rendering does: a block counts when the topmost template has it, or
    when it sits inside the version of such a block that wins (a block that only a child
    defines is never shown). Raises ``TemplateDoesNotExist`` for a missing template,
    ``UncheckableTemplate`` or a template error when it cannot be read.
    """
    template = getattr(get_template(name), "template", None)
    if not isinstance(template, Template):
        raise UncheckableTemplate(f"{name!r} is not a template of Django's own engine")
    chain = _extends_chain(template)
    winners = {}
    for each in chain:  # the given template first: its blocks win
        for block in each.nodelist.get_nodes_by_type(BlockNode):
            winners.setdefault(block.name, block)
    top = chain[-1]
    return _shown_blocks(top.nodelist, winners), top.origin.name


def _extends_chain(template):
    """``template`` and each template it extends, the topmost last."""
    chain = []
    context = Context()
    with context.render_context.push_state(template), context.bind_template(template):
        while True:
            chain.append(template)
            extends = template.nodelist.get_nodes_by_type(ExtendsNode)
            if not extends:
                return chain
            template = extends[0].get_parent(context)


def _shown_blocks(nodelist, winners):
    names = set()
    for block in _outer_blocks(nodelist):
        names.add(block.name)
        names |= _shown_blocks(winners.get(block.name, block).nodelist, winners)
    return names


def _outer_blocks(nodelist):
    """The blocks of ``nodelist`` that are not inside another block."""
    for node in nodelist:
        if isinstance(node, BlockNode):
            yield node
            continue
        for attr in node.child_nodelists:
            yield from _outer_blocks(getattr(node, attr, None) or [])
