"""Stories across documents (issue 6): clustering, dating, figure series.

Import the modules themselves (`storyline.story.cluster`, `storyline.story.embed`, ...): this
package imports nothing at load, so using one of them never pulls in the others' dependencies.
"""
