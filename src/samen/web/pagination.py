"""Pages of long lists without counting every match.

Counting hundreds of thousands of matching rows costs more than reading the page itself. A list that says "more than
1,000" past that number stays fast, and nobody pages through a thousand rows: they narrow the filters or export."""

from functools import cached_property

from django.core.paginator import EmptyPage, Page, Paginator


class CappedPage(Page):
    """A page that knows whether another follows by reading one row more, not from the total count."""

    def __init__(self, object_list, number, paginator, has_more_rows: bool):
        super().__init__(object_list, number, paginator)
        self._has_more_rows = has_more_rows

    def has_next(self) -> bool:
        return self._has_more_rows

    def end_index(self) -> int:
        return (self.number - 1) * self.paginator.per_page + len(self.object_list)


class CappedPaginator(Paginator):
    """A Paginator whose count stops at `cap + 1`. `more` tells the template to say "more than {cap}"; pages past
    the cap still open, each found by its offset.

    `newest`, if given, is `object_list` limited to its newest rows in the same order (see
    `samen.signals.selectors.signals_newest`). A page is read from it first. When it holds the whole page and one
    row more, those are the rows `object_list` would give, because every row it leaves out is older. Otherwise
    `object_list` is read. A search whose matches PostgreSQL underestimates then reads a few thousand rows, not all
    of its matches."""

    def __init__(self, object_list, per_page, cap: int = 1000, newest=None):
        super().__init__(object_list, per_page)
        self.cap = cap
        self.newest = newest

    @cached_property
    def count(self) -> int:
        return self.object_list.order_by()[: self.cap + 1].count()

    @property
    def more(self) -> bool:
        return self.count > self.cap

    def validate_number(self, number) -> int:
        if not self.more:
            return super().validate_number(number)
        try:
            return super().validate_number(number)
        except EmptyPage:
            # Past the counted pages the number is checked by reading the page (in `page`).
            return int(number)

    def get_page(self, number) -> CappedPage:
        """As Paginator.get_page: a wrong number shows the first page, one past the end the last counted page."""
        try:
            return super().get_page(number)
        except EmptyPage:
            return self.page(self.num_pages)

    def page(self, number) -> CappedPage:
        number = self.validate_number(number)
        bottom = (number - 1) * self.per_page
        top = bottom + self.per_page + 1
        rows = list(self.newest[bottom:top]) if self.newest is not None else []
        if len(rows) < top - bottom:
            rows = list(self.object_list[bottom:top])
        if not rows and number > 1:
            raise EmptyPage(self.error_messages["no_results"])
        return CappedPage(rows[: self.per_page], number, self, has_more_rows=len(rows) > self.per_page)
